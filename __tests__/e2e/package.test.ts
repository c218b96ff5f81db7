// The npm package as users get it: `npm pack`, installed from the tarball into an empty folder
// with no network and no dev dependencies, run on Node 22.0.0 (the oldest the CLI supports).
import { execFile, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';
import { publishFlags } from '../../test/support/cli-flags.js';
import { HELM_MIRROR_DIR, REPO_ROOT } from '../../test/support/fixtures.js';
import { startStaticServer, type StaticServer } from '../../test/support/static-server.js';

const run = promisify(execFile);
const NODE22_BIN = path.join(REPO_ROOT, 'test', 'node22', 'node_modules', 'node', 'bin');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let work: string;
let installed: string;
let tarballFiles: string[];

function cli(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((resolve, reject) => {
    // The installed bin link, found on PATH, run by the `node` first on PATH: Node 22.
    const child = spawn('helm-publish', args, {
      cwd: work,
      env: {
        PATH: [path.join(installed, 'node_modules', '.bin'), NODE22_BIN, '/usr/bin', '/bin'].join(
          path.delimiter,
        ),
        HOME: work,
        RUNNER_TEMP: work,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(stdin);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'package-'));
  installed = path.join(work, 'install');
  const packed = path.join(work, 'packed');
  await mkdir(packed);
  // npm turns on Node's compile cache, by default in the temp dir: keep it in ours.
  const npmEnv = { ...process.env, NODE_COMPILE_CACHE: path.join(work, 'compile-cache') };
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', packed], {
    cwd: REPO_ROOT,
    env: npmEnv,
  });
  const [info] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (info === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
  tarballFiles = info.files.map((f) => f.path).sort();
  await cp(path.join(REPO_ROOT, 'examples', 'charts'), path.join(work, 'charts'), {
    recursive: true,
  });
  await mkdir(installed);
  await writeFile(path.join(installed, 'package.json'), '{ "private": true }\n');
  // --offline: an install that needed anything but the tarball would fail here.
  await run(
    'npm',
    ['install', '--offline', '--no-audit', '--no-fund', path.join(packed, info.filename)],
    { cwd: installed, env: { ...npmEnv, npm_config_cache: path.join(work, 'npm-cache') } },
  );
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the CLI and its license, nothing of the action or the sources', () => {
    expect(tarballFiles).toContain('dist/cli.js');
    expect(tarballFiles).toContain('dist/engine.js');
    expect(tarballFiles).toContain('LICENSE');
    expect(tarballFiles).toContain('README.md');
    expect(tarballFiles.filter((f) => /^(src|__tests__|test|action\.yml)/.test(f))).toEqual([]);
    expect(tarballFiles).not.toContain('dist/index.js');
  });

  it('installs no other package', async () => {
    const modules = await readdir(path.join(installed, 'node_modules'));
    expect(modules.filter((m) => !m.startsWith('.'))).toEqual(['helm-publish']);
    const manifest = JSON.parse(
      await readFile(path.join(installed, 'node_modules', 'helm-publish', 'package.json'), 'utf8'),
    ) as { dependencies?: object; engines: { node: string } };
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.engines.node).toBe('>=22');
  });

  it('runs --help on Node 22.0.0', async () => {
    const help = await cli(['--help'], {});
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: helm-publish');
    const version = await run(path.join(NODE22_BIN, 'node'), ['--version']);
    expect(version.stdout.trim()).toBe('v22.0.0');
  });

  it('stops with one line on Node older than 22', async () => {
    // The version is faked before the entry runs; the real check reads process.versions.
    const preload = path.join(work, 'old-node.cjs');
    await writeFile(
      preload,
      "Object.defineProperty(process.versions, 'node', { value: '20.11.0' });\n",
    );
    const old = await cli(['--help'], { NODE_OPTIONS: `--require=${preload}` });
    expect(old.code).toBe(1);
    expect(old.stdout).toBe('');
    expect(old.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^helm-publish: needs Node\.js 22 or newer, this is Node\.js 20\.11\.0:/,
      ),
    ]);
  });
});

describe('publishing with the installed CLI on Node 22.0.0', () => {
  let mirror: StaticServer;
  let server: ChartServer;
  const password = 'package-test-secret';
  beforeAll(async () => {
    mirror = await startStaticServer(HELM_MIRROR_DIR);
    server = await startChartServer({ layout: 'harbor', users: { robot: password } });
  });
  afterAll(async () => {
    await mirror.close();
    await server.close();
  });

  const args = (version: string): string[] =>
    publishFlags({
      charts: 'charts/*',
      repoUrl: server.repoUrl('{namespace}'),
      namespaces: 'team-a',
      username: 'robot',
      version,
      helmMirror: mirror.url,
      toolCache: path.join(work, 'tools'),
    });

  it('--dry-run: plans and packages, sends nothing to the repository', async () => {
    const dry = await cli([...args('1.0.0'), '--dry-run', '--json'], {
      HELM_PUBLISH_PASSWORD: password,
    });
    expect(dry.stderr).not.toMatch(/ExperimentalWarning|is not a function/);
    expect(dry.code).toBe(0);
    const rows = JSON.parse(dry.stdout) as Array<{ chart: string; status: string }>;
    expect(rows.map((r) => r.chart).sort()).toEqual(['greeter', 'hello']);
    expect(server.charts('team-a')).toEqual([]);
  });

  it('publishes and fetches back', async () => {
    const real = await cli(
      [...args('1.0.1'), '--password-stdin', '--fetch-back', '--json'],
      {},
      password,
    );
    expect(real.code).toBe(0);
    const rows = JSON.parse(real.stdout) as Array<{ status: string; fetched: boolean }>;
    expect(rows.map((r) => [r.status, r.fetched])).toEqual([
      ['pushed', true],
      ['pushed', true],
    ]);
    expect(server.charts('team-a').map((c) => c.version)).toEqual(['1.0.1', '1.0.1']);
  });
});
