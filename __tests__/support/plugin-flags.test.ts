// The helm-push stand-in per release, against upstream chartmuseum/helm-push: 0.9.0
// (cmd/helmpush/main.go) has no --timeout/--app-version and takes only 201; 0.10.x
// (cmd/helm-cm-push/main.go) adds both flags and 202. And the command line the action builds
// for each release runs through it.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pluginPushCommand } from '../../src/helm/commands.js';
import { pluginArchivePath } from '../../test/support/fixtures.js';
import { installPluginFromArchive, pluginLayout } from '../../test/support/plugin-release.js';
import { runFile } from '../../test/support/run-file.js';
import { startStaticServer, type StaticServer } from '../../test/support/static-server.js';

const run = runFile;

let scratch: string;
let server: StaticServer;
let chartDir: string;
const programs = new Map<string, string>();

/** The environment Helm 2 (0.9.0) or Helm 3 (0.10+) hands the plugin, with a repositories file. */
async function pluginEnv(version: string, repositories: string): Promise<Record<string, string>> {
  const base = path.join(scratch, `home-${version}-${String(Math.random()).slice(2)}`);
  const legacy = pluginLayout(version).pluginName === 'push';
  const config = legacy
    ? path.join(base, 'repository', 'repositories.yaml')
    : path.join(base, 'repositories.yaml');
  const cache = legacy ? path.join(base, 'repository', 'cache') : path.join(base, 'cache');
  await mkdir(cache, { recursive: true });
  await writeFile(config, repositories);
  await writeFile(path.join(cache, 'legacy-index.yaml'), 'apiVersion: v1\nentries: {}\n');
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: base };
  if (legacy) env.HELM_HOME = base;
  else Object.assign(env, { HELM_REPOSITORY_CONFIG: config, HELM_REPOSITORY_CACHE: cache });
  return env;
}

const yamlRepositories = (): string =>
  `apiVersion: v1\nrepositories:\n- name: legacy\n  url: ${server.url}\n  username: bob\n  password: hunter2\n`;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'plugin-flags-'));
  server = await startStaticServer(path.join(scratch));
  chartDir = path.join(scratch, 'demo');
  await mkdir(path.join(chartDir, 'templates'), { recursive: true });
  await writeFile(
    path.join(chartDir, 'Chart.yaml'),
    'apiVersion: v1\nname: demo\nversion: 0.1.0\n',
  );
  for (const version of ['0.9.0', '0.10.4']) {
    const dir = await installPluginFromArchive(
      pluginArchivePath(version),
      path.join(scratch, 'plugins'),
      { helmMajor: 3, dirName: `helm-push-${version}` },
    );
    programs.set(version, path.join(dir, pluginLayout(version).binary));
  }
});
afterEach(() => {
  server.clearRequests();
  server.clearOverrides();
});
afterAll(async () => {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
});

const program = (version: string): string => programs.get(version) ?? '';

describe('contract: the helm-push stand-in per release', () => {
  it.each([
    ['--timeout', '30', 'Error: unknown flag: --timeout'],
    ['-t', '30', "Error: unknown shorthand flag: 't' in -t"],
    ['--app-version', '2.0', 'Error: unknown flag: --app-version'],
  ])('0.9.0 rejects %s like cobra', async (flag, value, message) => {
    const env = await pluginEnv('0.9.0', yamlRepositories());
    const result = await run(program('0.9.0'), [chartDir, 'legacy', flag, value], env);
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stderr).toContain('Usage:\n  helm push [flags]');
    expect(result.stderr).not.toMatch(/--(timeout|app-version) /);
    expect(server.requests).toEqual([]);
  });

  it('0.10.4 knows --timeout and --app-version', async () => {
    server.override('/api/charts', { status: 201, body: '{"saved":true}' });
    const env = await pluginEnv('0.10.4', yamlRepositories());
    const result = await run(
      program('0.10.4'),
      [chartDir, 'legacy', '--timeout', '30', '-a', '2.0', '--context-path', '/'],
      env,
    );
    expect(result).toMatchObject({
      code: 0,
      stdout: 'Pushing demo-0.1.0.tgz to legacy...\nDone.\n',
    });
  });

  it.each([
    ['0.9.0', 202, 1],
    ['0.10.4', 202, 0],
    ['0.9.0', 201, 0],
  ])('%s answered %i exits %i', async (version, status, code) => {
    server.override('/api/charts', { status, body: '{"saved":true}' });
    const env = await pluginEnv(version, yamlRepositories());
    const result = await run(program(version), [chartDir, 'legacy', '--context-path', '/'], env);
    expect(result.code).toBe(code);
    if (code !== 0) {
      expect(result.stderr.split('\n')[0]).toBe(
        `Error: ${String(status)}: could not properly parse response JSON: {"saved":true}`,
      );
    }
  });

  it('reads a JSON repositories file as Helm does (keys in any case, numbers as text)', async () => {
    server.override('/api/charts', { status: 201, body: '{"saved":true}' });
    const json = JSON.stringify({
      apiVersion: '',
      Repositories: [{ NAME: 'legacy', Url: server.url, userName: 'bob', password: 12345 }],
    });
    const env = await pluginEnv('0.10.4', json);
    const result = await run(program('0.10.4'), [chartDir, 'legacy', '--context-path', '/'], env);
    expect(result.code).toBe(0);
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from('bob:12345').toString('base64')}`,
    );
  });
});

describe('contract: the command line the action builds', () => {
  it.each(['0.9.0', '0.10.4'])('runs through helm-push %s', async (version) => {
    server.override('/api/charts', { status: 201, body: '{"saved":true}' });
    const command = pluginPushCommand(version, chartDir, 'legacy', {
      force: true,
      contextPath: '/',
      timeoutSeconds: 60,
      env: { HELM_REPO_ACCESS_TOKEN: 'unused-with-basic' },
    });
    // Helm runs the plugin with the words after its command name (`push` / `cm-push`).
    expect(command.args[0]).toBe(pluginLayout(version).pluginName);
    expect(command.args.includes('--timeout')).toBe(version !== '0.9.0');
    const env = { ...(await pluginEnv(version, yamlRepositories())), ...command.env };
    const result = await run(program(version), command.args.slice(1), env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/charts?force']);
  });

  it('refuses --app-version for 0.9.0, which has none', () => {
    expect(() =>
      pluginPushCommand('0.9.0', chartDir, 'legacy', { force: false, appVersion: '2.0' }),
    ).toThrow('helm-push 0.9.0 has no --app-version');
  });
});
