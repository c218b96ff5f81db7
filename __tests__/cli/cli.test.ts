// The CLI, spawned as users run it: node dist/cli.js.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { DIST_CLI } from '../../test/support/action-runner.js';
import { REPO_ROOT } from '../../test/support/fixtures.js';
import { publishFlags } from '../../test/support/cli-flags.js';
import { useE2eServer } from '../../test/support/e2e-fixture.js';

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(
  args: string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) {
      if (
        v !== undefined &&
        !k.startsWith('RUNNER_') &&
        !k.startsWith('GITHUB_') &&
        !k.startsWith('HELM_')
      )
        env[k] = v;
    }
    const child = spawn(process.execPath, [DIST_CLI, ...args], {
      env: { ...env, ...options.env },
      cwd: options.cwd ?? REPO_ROOT,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('helm-publish --help', () => {
  it('lists every action input as a flag with its default, and the exit codes', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    const action = YAML.parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    for (const [name, input] of Object.entries(action.inputs)) {
      if (name === 'password' || name === 'access-token') continue;
      const line = run.stdout.split('\n').find((l) => l.trimStart().startsWith(`--${name}`));
      expect(line, name).toBeDefined();
      if (input.default !== undefined && input.default !== '')
        expect(line).toContain(`[${input.default}]`);
    }
    expect(run.stdout).toContain('--password-stdin');
    expect(run.stdout).toContain('--access-token-stdin');
    expect(run.stdout).toContain('HELM_PUBLISH_ACCESS_TOKEN');
    expect(run.stdout).toMatch(/Exit codes: 0 all published, 1 a publish failed, 2 bad input/);
  });
});

describe('bad input', () => {
  it('refuses --access-token on the command line with exit 2', async () => {
    for (const args of [['--access-token', 'tok'], ['--access-token=tok']]) {
      const run = await cli(['--repo-url', 'https://x.example', ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /--access-token is refused: .* use --access-token-stdin or HELM_PUBLISH_ACCESS_TOKEN/,
      );
      expect(run.stderr).not.toContain('tok ');
    }
  });

  it('refuses two secrets on standard input with exit 2', async () => {
    const run = await cli([
      '--repo-url',
      'https://x.example',
      '--password-stdin',
      '--access-token-stdin',
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('both read standard input');
  });

  it('refuses --password on the command line with exit 2', async () => {
    const run = await cli(['--repo-url', 'https://x.example', '--password', 'hunter2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--password is refused: .* use --password-stdin or HELM_PUBLISH_PASSWORD/,
    );
  });

  it('exits 2 with the input problems and contacts nothing', async () => {
    const run = await cli(['--charts', 'examples/charts/hello', '--parallel', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/2 problems with the inputs:/);
    expect(run.stderr).toContain('`--parallel` must be a whole number of at least 1, got "many"');
    expect(run.stderr).toContain('set `--repo-url`');
  });

  it('exits 2 on an unknown flag, naming the nearest one', async () => {
    const run = await cli(['--chart', 'x']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown flag `--chart`: did you mean `--charts`\? \(see --help\)/);
  });
});

describe('publishing', () => {
  const password = 'cli-secret-value';
  const fx = useE2eServer('cli', ['hello', 'greeter'], {
    layout: 'harbor',
    users: { tcr$robot: password },
  });

  const args = (version: string): string[] => [
    ...publishFlags({
      charts: 'charts/*',
      repoUrl: fx.server.repoUrl('{namespace}'),
      namespaces: 'team-a,team-b',
      username: 'tcr$robot',
      version,
      helmMirror: fx.env.helmMirror.url,
      toolCache: fx.env.toolCache,
    }),
    '--fetch-back',
  ];

  it('--password-stdin and --json: exit 0, JSON on stdout only, nothing secret printed', async () => {
    const run = await cli([...args('v1.0.0'), '--password-stdin', '--json'], {
      stdin: `${password}\n`,
      cwd: fx.env.work,
    });
    expect(run.stderr).not.toContain(password);
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Array<{
      chart: string;
      namespace: string;
      status: string;
      fetched: boolean;
    }>;
    expect(rows.map((r) => [r.chart, r.namespace, r.status, r.fetched])).toEqual([
      ['greeter', 'team-a', 'pushed', true],
      ['greeter', 'team-b', 'pushed', true],
      ['hello', 'team-a', 'pushed', true],
      ['hello', 'team-b', 'pushed', true],
    ]);
    expect(fx.server.charts('team-b').map((c) => c.version)).toEqual(['1.0.0', '1.0.0']);
  });

  it('HELM_PUBLISH_PASSWORD and the table: exit 0', async () => {
    const run = await cli([...args('v1.1.0')], {
      env: { HELM_PUBLISH_PASSWORD: password },
      cwd: fx.env.work,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^chart\s+version\s+namespace\s+status\s+digest\s+verified\s+fetched\s+seconds$/m,
    );
    expect(run.stdout).toMatch(/^hello\s+1\.1\.0\s+team-b\s+pushed\s+[0-9a-f]{12}\s+yes\s+yes/m);
    expect(run.stdout).not.toContain('::');
  });

  it('a failed publish exits 1 and explains on stderr', async () => {
    const run = await cli([...args('v1.2.0')], {
      env: { HELM_PUBLISH_PASSWORD: 'wrong' },
      cwd: fx.env.work,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /check `--username`\/`--password-stdin` \(or `HELM_PUBLISH_PASSWORD`\) for http:\/\/127\.0\.0\.1/,
    );
  });
});

describe('a bearer token (ChartMuseum --bearer-auth)', () => {
  const token = 'cli-token-value';
  const fx = useE2eServer('cli-token', ['hello', 'greeter'], {
    layout: 'chartmuseum',
    bearer: { tokens: [token] },
  });

  const args = (version: string): string[] =>
    publishFlags({
      charts: 'charts/hello',
      repoUrl: fx.server.repoUrl(),
      version,
      helmMirror: fx.env.helmMirror.url,
      toolCache: fx.env.toolCache,
    });

  it.each([
    ['--access-token-stdin', { stdin: `${token}\n` }],
    ['HELM_PUBLISH_ACCESS_TOKEN', { env: { HELM_PUBLISH_ACCESS_TOKEN: token } }],
  ] as const)('takes it from %s and sends it as Bearer', async (how, io) => {
    const version = how === 'HELM_PUBLISH_ACCESS_TOKEN' ? '2.0.1' : '2.0.0';
    const extra = how === '--access-token-stdin' ? ['--access-token-stdin'] : [];
    const run = await cli([...args(version), ...extra], { ...io, cwd: fx.env.work });
    expect(run.stderr).not.toContain(token);
    expect(run.stdout).not.toContain(token);
    expect(run.code).toBe(0);
    expect(fx.server.charts().map((c) => c.version)).toContain(version);
    expect(fx.server.requests.every((r) => r.bearer === token)).toBe(true);
  });
});
