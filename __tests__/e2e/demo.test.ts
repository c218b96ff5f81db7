// `npm run demo` as the README promises it: no setup, the scripts compiled into .cache/build
// (where a copy of package.json also lands), both repositories published to and listed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CACHE_DIR, REPO_ROOT } from '../../test/support/fixtures.js';
import { REGISTRY_BIN } from '../../test/support/registry.js';

function run(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      // tsc turns on Node's compile cache, by default in the temp dir the tests check is empty.
      env: { ...process.env, NODE_COMPILE_CACHE: path.join(CACHE_DIR, 'compile-cache') },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

it('publishes the example charts and lists what it pushed', { timeout: 300_000 }, async () => {
  const build = await run([path.join(REPO_ROOT, 'scripts', 'build-if-changed.mjs')]);
  expect(build.code, build.output).toBe(0);
  const demo = await run([path.join(REPO_ROOT, '.cache', 'build', 'scripts', 'demo.js')]);
  expect(demo.code, demo.output).toBe(0);
  expect(demo.output).toContain('Pushed to the chart repository:');
  for (const chart of ['hello', 'greeter']) {
    expect(demo.output).toMatch(new RegExp(`pushed +${chart} \\S+ +namespace team-a`));
  }
  if (existsSync(REGISTRY_BIN)) {
    expect(demo.output).toContain('Pushed to the OCI registry:');
  }
});
