// End to end: the built action (dist/) with real Helm 3 and Helm 4 binaries from the local
// get.helm.sh-style mirror, the helm-push stand-in from the local release mirror, and the
// ChartMuseum/Harbor-compatible test server.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { expectNoSecret, summaryText } from '../../test/support/e2e-assert.js';
import { e2eInputs } from '../../test/support/e2e-env.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2eEnv, withChartServer, useServerRun } from '../../test/support/e2e-fixture.js';
import {
  chartRows,
  failureMessage,
  filesContaining,
  runAction,
  visibleStdout,
  type ActionRun,
  removeRunDirs,
} from '../../test/support/action-runner.js';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';
import { REPO_ROOT, hookRan, resetHookSentinel } from '../../test/support/fixtures.js';

const USER = 'tcr$robot';
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
const PASSWORD_B64 = Buffer.from(PASSWORD).toString('base64');
const BASIC_B64 = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
const EXAMPLE = path.join(REPO_ROOT, 'examples', 'charts', 'hello');

const env = useE2eEnv('e2e', ['hello', 'greeter']);

beforeAll(() => {
  resetHookSentinel();
});

function baseInputs(
  server: ChartServer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return e2eInputs(env, server, {
    namespaces: 'team-a\nteam-b',
    username: USER,
    password: PASSWORD,
    version: 'v1.2.3',
    'fetch-back': 'true',
    'verify-timeout': '20',
    ...extra,
  });
}

function assertNoSecret(run: ActionRun): void {
  expectNoSecret(run, [PASSWORD, PASSWORD_B64, BASIC_B64]);
}

describe.each([
  ['v3.18.0', 'plugin'],
  ['v3.18.0', 'http'],
  ['v4.1.4', 'plugin'],
  ['v4.1.4', 'http'],
  ['v4.2.3', 'plugin'],
  ['v4.2.3', 'http'],
])('Helm %s, push-method %s', (helmVersion, method) => {
  const fx = useServerRun(
    { layout: 'harbor', users: { [USER]: PASSWORD }, overwrite: 'silent' },
    (server) =>
      runAction(baseInputs(server, { 'helm-version': helmVersion, 'push-method': method }), {
        cwd: env.work,
        sampleArgv: true,
      }),
  );
  afterAll(() => removeRunDirs(fx.run));

  it('publishes version 1.2.3 to both namespaces, verified and fetched back', () => {
    expect(fx.run.stderr + fx.run.stdout).not.toMatch(/::error/);
    expect(fx.run.exitCode).toBe(0);
    const rows = chartRows(fx.run);
    expect(
      rows.map((r) => [r.namespace, r.chart, r.version, r.status, r.verified, r.fetched]),
    ).toEqual([
      ['team-a', 'hello', '1.2.3', 'pushed', true, true],
      ['team-b', 'hello', '1.2.3', 'pushed', true, true],
    ]);
    expect(fx.run.outputs.pushed).toBe('2');
    expect(fx.run.outputs['helm-version']).toBe(helmVersion);
    expect(fx.run.outputs['helm-path']).toContain(fx.run.toolCache);
  });

  it('reports the digests the repository stores', () => {
    for (const row of chartRows(fx.run)) {
      const stored = fx.server
        .charts(row.namespace)
        .find((c) => c.name === 'hello' && c.version === '1.2.3');
      expect(stored).toBeDefined();
      expect(row.digest).toBe(`sha256:${stored?.digest ?? ''}`);
      expect(row.repo).toBe(fx.server.repoUrl(row.namespace));
      expect(row.appVersion).toBe('1.0.0');
      expect(summaryText(fx.run)).toContain(stored?.digest.slice(0, 12));
    }
  });

  it.runIf(method === 'plugin')(
    'hands the chart directory and the version to the plugin, which packages it: no `helm package`',
    () => {
      // The action logs every Helm command it runs (as ::debug::).
      const commands = fx.run.stdout.split('\n').filter((l) => l.startsWith('::debug::helm '));
      expect(commands.filter((l) => / package /.test(l))).toEqual([]);
      const pushes = commands.filter((l) => l.startsWith('::debug::helm cm-push '));
      expect(pushes).toHaveLength(2);
      for (const push of pushes) {
        expect(push).toContain(` cm-push ${path.join(env.work, 'charts', 'hello')} `);
        expect(push).toMatch(/ --version 1\.2\.3( |$)/);
        expect(push).not.toContain('--app-version');
      }
    },
  );

  it.runIf(method === 'http')('uploads the same bytes to every namespace', () => {
    const [a, b] = ['team-a', 'team-b'].map((ns) => fx.server.charts(ns)[0]?.digest);
    expect(a).toBeDefined();
    expect(a).toBe(b);
  });

  it('writes the job summary table', () => {
    expect(summaryText(fx.run)).toMatch(
      /\| chart \| version \| namespace \| status \| digest \| verified \| fetched \| seconds \|/,
    );
    expect(summaryText(fx.run)).toMatch(
      /\| hello \| 1\.2\.3 \| team-a \| pushed \| `sha256:[0-9a-f]{64}` \| yes \| yes \|/,
    );
  });

  it('masks the password and its Base64 forms before anything else', () => {
    const masks = fx.run.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'));
    expect(masks).toEqual(
      expect.arrayContaining([
        `::add-mask::${PASSWORD}`,
        `::add-mask::${PASSWORD_B64}`,
        `::add-mask::${BASIC_B64}`,
      ]),
    );
    expect(fx.run.stdout.indexOf('::add-mask::')).toBe(0);
  });

  it('never exposes the password and leaves no file with it behind', async () => {
    assertNoSecret(fx.run);
    expect(fx.run.argvSeen.some((argv) => /linux-amd64\/helm /.test(argv))).toBe(true);
    expect(await filesContaining(fx.run.runnerTemp, [PASSWORD, PASSWORD_B64, BASIC_B64])).toEqual(
      [],
    );
    expect(await filesContaining(fx.run.toolCache, [PASSWORD, PASSWORD_B64, BASIC_B64])).toEqual(
      [],
    );
    const leftovers = (await readdir(fx.run.runnerTemp)).filter((f) =>
      f.startsWith('helm-publish-'),
    );
    expect(leftovers).toEqual([]);
  });

  it('never runs the plugin install hook', () => {
    expect(hookRan()).toBe(false);
  });

  it.runIf(method === 'plugin')(
    'leaves the cached plugin as released (Helm 4 gets its own rewritten plugin.yaml)',
    async () => {
      const version = helmVersion.startsWith('v4') ? '0.11.1' : '0.10.4';
      const cached = path.join(fx.run.toolCache, 'helm-push', version, process.arch);
      const manifest = await readFile(path.join(cached, 'plugin.yaml'), 'utf8');
      expect(manifest).toContain('hooks:');
      expect(manifest).not.toContain('cli/v1');
      expect(await readdir(path.join(cached, 'bin'))).toEqual(['helm-cm-push']);
    },
  );
});

describe('tool cache', () => {
  it('downloads Helm once, verified, and serves the next run from the cache', async () => {
    const server = await startChartServer({ layout: 'harbor', users: { [USER]: PASSWORD } });
    const toolCache = await mkdtemp(path.join(tmpdir(), 'tool-cache-'));
    try {
      env.helmMirror.requests.length = 0;
      const inputs = baseInputs(server, {
        'push-method': 'http',
        'fetch-back': 'false',
        'if-exists': 'skip',
      });
      const first = await runAction(inputs, { cwd: env.work, toolCache });
      expect(first.exitCode).toBe(0);
      const downloads = env.helmMirror.requests.filter((r) => r.path.endsWith('.tar.gz'));
      expect(downloads.map((r) => r.path)).toEqual(['/helm-v4.2.3-linux-amd64.tar.gz']);
      expect(env.helmMirror.requests.some((r) => r.path.endsWith('.sha256sum'))).toBe(true);
      expect(existsSync(path.join(toolCache, 'helm', '4.2.3', 'x64.complete'))).toBe(true);

      env.helmMirror.requests.length = 0;
      const second = await runAction(inputs, { cwd: env.work, toolCache });
      expect(second.exitCode).toBe(0);
      expect(env.helmMirror.requests).toEqual([]);
      expect(chartRows(second).map((r) => r.status)).toEqual(['skipped', 'skipped']);
    } finally {
      await server.close();
      await rm(toolCache, { recursive: true, force: true });
    }
  });

  it('fails on a checksum mismatch and caches nothing', async () => {
    await withChartServer({ layout: 'harbor', users: { [USER]: PASSWORD } }, async (server) => {
      const run = await runAction(
        baseInputs(server, { 'push-method': 'http', 'helm-checksum': '0'.repeat(64) }),
        { cwd: env.work },
      );
      expect(run.exitCode).not.toBe(0);
      expect(run.stdout).toMatch(
        /::error::checksum mismatch for helm-v4\.2\.3-linux-amd64\.tar\.gz/,
      );
      expect(existsSync(path.join(run.toolCache, 'helm', '4.2.3', 'x64'))).toBe(false);
      expect(existsSync(path.join(run.toolCache, 'helm', '4.2.3', 'x64.complete'))).toBe(false);
      expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
    });
  });
});

describe('if-exists', () => {
  let server: ChartServer;
  let toolCache: string;
  beforeAll(async () => {
    server = await startChartServer({
      layout: 'harbor',
      users: { [USER]: PASSWORD },
      overwrite: 'silent',
    });
    toolCache = await mkdtemp(path.join(tmpdir(), 'tool-cache-'));
    const first = await runAction(
      baseInputs(server, { 'push-method': 'http', 'fetch-back': 'false' }),
      {
        cwd: env.work,
        toolCache,
      },
    );
    expect(first.exitCode).toBe(0);
  });
  afterAll(async () => {
    await server.close();
    await rm(toolCache, { recursive: true, force: true });
  });

  it('fail: refuses, names the fix and pushes nothing (Harbor would overwrite silently)', async () => {
    const before = server.requests.filter((r) => r.method === 'POST').length;
    const run = await runAction(baseInputs(server, { 'push-method': 'http' }), {
      cwd: env.work,
      toolCache,
    });
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toMatch(
      /hello 1\.2\.3 already exists in .*team-a: publish a new version, or set `if-exists` to skip or overwrite/,
    );
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
    expect(chartRows(run).map((r) => r.status)).toEqual(['failed', 'failed']);
  });

  it('skip: succeeds with status skipped and pushes nothing', async () => {
    const before = server.requests.filter((r) => r.method === 'POST').length;
    const run = await runAction(
      baseInputs(server, { 'push-method': 'http', 'if-exists': 'skip' }),
      {
        cwd: env.work,
        toolCache,
      },
    );
    expect(run.exitCode).toBe(0);
    expect(chartRows(run).map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(run.outputs.pushed).toBe('0');
    expect(server.requests.filter((r) => r.method === 'POST').length).toBe(before);
  });

  it('overwrite: forces the upload and reports overwritten', async () => {
    const run = await runAction(
      baseInputs(server, {
        'push-method': 'plugin',
        'if-exists': 'overwrite',
        'app-version': '9.9.9',
      }),
      { cwd: env.work, toolCache },
    );
    expect(run.exitCode).toBe(0);
    const rows = chartRows(run);
    expect(rows.map((r) => [r.status, r.verified, r.fetched, r.appVersion])).toEqual([
      ['overwritten', true, true, '9.9.9'],
      ['overwritten', true, true, '9.9.9'],
    ]);
    expect(run.outputs.pushed).toBe('2');
    const forced = server.requests.filter((r) => r.method === 'POST' && r.query.includes('force'));
    expect(forced.length).toBe(2);
    // The plugin packaged the chart directory with the override.
    for (const ns of ['team-a', 'team-b']) {
      const stored = server.charts(ns).find((c) => c.version === '1.2.3');
      expect(stored?.appVersion).toBe('9.9.9');
    }
  });
});

describe.each(['v3.4.2', 'v4.1.4'])('shared Helm processes, Helm %s', (helmVersion) => {
  it('packages both charts in one `helm package` and pulls each namespace back in one `helm pull`', async () => {
    await withChartServer({ layout: 'harbor', users: { [USER]: PASSWORD } }, async (server) => {
      const run = await runAction(
        baseInputs(server, {
          charts: 'charts/*',
          'helm-version': helmVersion,
          'push-method': 'http',
          parallel: '1',
        }),
        { cwd: env.work, sampleArgv: true },
      );
      expect(run.stdout + run.stderr).not.toMatch(/::error/);
      expect(chartRows(run).map((r) => [r.chart, r.namespace, r.fetched])).toEqual([
        ['greeter', 'team-a', true],
        ['greeter', 'team-b', true],
        ['hello', 'team-a', true],
        ['hello', 'team-b', true],
      ]);
      // The action logs every Helm command it runs (as ::debug::).
      const commands = run.stdout.split('\n').filter((l) => l.startsWith('::debug::helm '));
      expect(commands.filter((l) => l.startsWith('::debug::helm package '))).toEqual([
        expect.stringMatching(/ package \S+\/greeter \S+\/hello --destination /),
      ]);
      const pulls = commands.filter((l) => l.startsWith('::debug::helm pull ')).sort();
      expect(pulls).toHaveLength(2);
      ['team-a', 'team-b'].forEach((ns, i) => {
        expect(pulls[i]).toMatch(
          new RegExp(` pull \\S+-${ns}/greeter \\S+-${ns}/hello --version 1\\.2\\.3 `),
        );
      });
      assertNoSecret(run);
      await removeRunDirs(run);
    });
  });
});

describe.each(['v3.4.2', 'v4.1.4'])('repositories file, Helm %s', (helmVersion) => {
  // The action writes Helm's repositories file itself (as JSON, which Helm's YAML reader takes).
  // Helm must read back exactly this password to authenticate its pulls.
  const AWKWARD = `a "quoted" \\back\\slash #not-a-comment: {flow} [x] 'ü' \u2028 ${randomBytes(4).toString('hex')}`;

  it('Helm authenticates its pulls with a password full of YAML and JSON syntax', async () => {
    await withChartServer({ layout: 'harbor', users: { [USER]: AWKWARD } }, async (server) => {
      const run = await runAction(
        baseInputs(server, {
          password: AWKWARD,
          'helm-version': helmVersion,
          'push-method': 'http',
          namespaces: 'team-a',
        }),
        { cwd: env.work },
      );
      expect(failureMessage(run)).toBe('');
      expect(chartRows(run).map((r) => [r.chart, r.status, r.verified, r.fetched])).toEqual([
        ['hello', 'pushed', true, true],
      ]);
      // Helm's own download carried the password (the action's requests do not run helm).
      const pulls = server.requests.filter(
        (r) => r.method === 'GET' && r.path.endsWith('.tgz') && r.status === 200,
      );
      expect(pulls).toHaveLength(1);
      expect(pulls[0]?.user).toBe(USER);
      expect(visibleStdout(run)).not.toContain(AWKWARD);
      await removeRunDirs(run);
    });
  });
});

describe('dry-run', () => {
  it('packages the charts with `helm package` even for the plugin, and sends nothing', async () => {
    await withChartServer({ layout: 'harbor', users: { [USER]: PASSWORD } }, async (server) => {
      const run = await runAction(
        baseInputs(server, { 'push-method': 'plugin', 'dry-run': 'true' }),
        { cwd: env.work },
      );
      expect(run.exitCode).toBe(0);
      expect(chartRows(run).map((r) => [r.namespace, r.status])).toEqual([
        ['team-a', 'dry-run'],
        ['team-b', 'dry-run'],
      ]);
      // The action logs every Helm command it runs (as ::debug::).
      const commands = run.stdout.split('\n').filter((l) => l.startsWith('::debug::helm '));
      expect(commands.filter((l) => l.startsWith('::debug::helm package '))).toEqual([
        expect.stringMatching(/ package \S+\/hello --destination \S+ --version 1\.2\.3$/),
      ]);
      expect(commands.filter((l) => / cm-push /.test(l))).toEqual([]);
      expect(server.requests).toEqual([]);
      await removeRunDirs(run);
    });
  });
});

describe('packaged chart input', () => {
  it('pushes a .tgz as it is, with its provenance, and the digest is the file SHA-256', async () => {
    const server = await startChartServer({ layout: 'chartmuseum', users: { [USER]: PASSWORD } });
    const dir = await mkdtemp(path.join(tmpdir(), 'tgz-'));
    try {
      await tar.c(
        { gzip: true, cwd: path.dirname(EXAMPLE), file: path.join(dir, 'hello-0.1.0.tgz') },
        ['hello'],
      );
      const { writeFile } = await import('node:fs/promises');
      await writeFile(
        path.join(dir, 'hello-0.1.0.tgz.prov'),
        '-----BEGIN PGP SIGNED MESSAGE-----\nfake\n',
      );
      const bytes = await readFile(path.join(dir, 'hello-0.1.0.tgz'));
      const digest = createHash('sha256').update(bytes).digest('hex');
      const run = await runAction(
        {
          charts: 'hello-0.1.0.tgz',
          'repo-url': server.repoUrl(),
          username: USER,
          password: PASSWORD,
          'helm-mirror': env.helmMirror.url,
          'push-method': 'http',
          'fetch-back': 'true',
        },
        { cwd: dir },
      );
      expect(run.stdout + run.stderr).not.toMatch(/::error/);
      expect(run.exitCode).toBe(0);
      const [row] = chartRows(run);
      expect(row).toMatchObject({
        chart: 'hello',
        version: '0.1.0',
        namespace: '',
        status: 'pushed',
        digest: `sha256:${digest}`,
        verified: true,
        fetched: true,
      });
      expect(server.charts()[0]).toMatchObject({
        name: 'hello',
        version: '0.1.0',
        digest,
        prov: true,
      });
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
