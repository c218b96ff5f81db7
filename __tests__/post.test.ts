// The post step as the runner starts it (node dist/post.js, state in STATE_<name>): it removes
// the Helm home the main step left behind, however the main step ended, and nothing else.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHelmHome } from '../src/helm/home.js';
import { DIST_POST } from '../test/support/action-runner.js';
import { scratchDir } from '../test/support/scratch.js';

const run = promisify(execFile);

function post(state: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
  for (const [name, value] of Object.entries(state)) env[`STATE_${name}`] = value;
  return run(process.execPath, [DIST_POST], { env });
}

describe('post step', () => {
  let temp = '';
  beforeAll(async () => {
    temp = await scratchDir('post-test-');
  });

  it('removes a home the main step left behind, credentials and all', async () => {
    // What a killed main step leaves: createHelmHome's folder with the repositories file.
    const home = await createHelmHome(temp, 3);
    await writeFile(home.repositoryConfig, '{"repositories":[{"password":"s3cret"}]}', {
      mode: 0o600,
    });
    const { stdout } = await post({ home: home.root });
    expect(stdout).toContain(`Removed the Helm home ${home.root}`);
    expect(existsSync(home.root)).toBe(false);
  });

  it('leaves a folder alone that is not a helm-publish home', async () => {
    const other = path.join(temp, 'workspace');
    await mkdir(other);
    const { stdout } = await post({ home: other });
    expect(stdout).toBe('');
    expect(existsSync(other)).toBe(true);
  });

  it('does nothing, successfully, when the main step saved no home', async () => {
    await expect(post({})).resolves.toEqual({ stdout: '', stderr: '' });
  });
});
