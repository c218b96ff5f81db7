// ChartMuseum's eventually consistent index and Harbor's real answers, driven through dist/
// against the chart server's upstream modes (test/support/chart-server/consistency.ts,
// harbor.ts): a chart stored but not yet listed is reported as such, Harbor's 401/403/HTML get
// their real causes, and the first rejected credentials stop every later upload.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  DIST_CLI,
  chartRows,
  failureMessage,
  runAction,
} from '../../test/support/action-runner.js';
import { startChartServer, type ChartServerOptions } from '../../test/support/chart-server.js';
import { e2eInputs } from '../../test/support/e2e-env.js';
import { posts, useE2ePublisher } from '../../test/support/e2e-fixture.js';
import { summaryText } from '../../test/support/e2e-assert.js';

const ACCOUNT = { user: 'ci', password: 'upstream-secret' };
const { env, publish } = useE2ePublisher('upstream', ACCOUNT, { 'verify-timeout': '2' });

/** ChartMuseum without --depth: one repository at the root, no namespaces. */
const SINGLE_TENANT = { namespaces: '' };

const STORED =
  /hello 1\.0\.0: stored, not yet in index\.yaml of http:\/\/127\.0\.0\.1:\d+\S* after 2s \(its (chart API|storage) has it with sha256:[0-9a-f]{64}\); the server regenerates index\.yaml asynchronously .*raise `verify-timeout`, and re-run with `if-exists: skip`/;

describe('a chart stored but not yet in index.yaml when verify-timeout runs out', () => {
  it('a stale replica behind index.yaml: the chart API has it → pushed, not verified, step fails', async () => {
    const { run, server } = await publish({
      layout: 'harbor',
      consistency: { staleReplica: 'index' },
    });
    expect(run.exitCode).not.toBe(0);
    const [row] = chartRows(run);
    expect(row).toMatchObject({ status: 'pushed', verified: false });
    expect(row?.digest).toBe(`sha256:${server.charts('team-a')[0]?.digest ?? ''}`);
    expect(row?.error).toMatch(STORED);
    expect(row?.error).toContain('its chart API');
    expect(failureMessage(run)).toMatch(STORED);
    // The summary row says pushed and not verified, and the reason is listed below it.
    expect(summaryText(run)).toMatch(
      /\| hello \| 1\.0\.0 \| team-a \| pushed \| `sha256:[0-9a-f]+` \| no \|/,
    );
    expect(summaryText(run)).toContain('1 stored but not in the index in time');
    expect(summaryText(run)).toMatch(
      /- \*\*hello 1\.0\.0 → team-a\*\*: .*stored, not yet in index\.yaml/,
    );
    expect(server.requests.some((r) => r.path === '/api/chartrepo/team-a/charts/hello/1.0.0')).toBe(
      true,
    );
  });

  it('an entry lost from the index (helm/chartmuseum#453): the stored archive proves it', async () => {
    const { run, server } = await publish(
      {
        layout: 'chartmuseum',
        consistency: { lose: ['hello-1.0.0.tgz'] },
      },
      [],
      SINGLE_TENANT,
    );
    expect(run.exitCode).not.toBe(0);
    expect(chartRows(run)[0]).toMatchObject({ status: 'pushed', verified: false });
    expect(chartRows(run)[0]?.error).toMatch(STORED);
    expect(chartRows(run)[0]?.error).toContain('its storage');
    const api = server.requests.find((r) => r.path === '/api/charts/hello/1.0.0');
    expect(api?.status).toBe(404);
  });

  it('neither the API nor the archive answers: the plain timeout message, status failed', async () => {
    const { run } = await publish({ layout: 'harbor', consistency: { staleReplica: 'index' } }, [
      { route: 'api', status: 401, times: Infinity },
      { route: 'download', status: 404, times: Infinity },
    ]);
    expect(chartRows(run)[0]).toMatchObject({ status: 'failed', verified: false });
    expect(failureMessage(run)).toMatch(
      /hello 1\.0\.0 was not verified in \S+ within 2s: hello 1\.0\.0 is not in the index \(raise `verify-timeout`/,
    );
    expect(failureMessage(run)).not.toContain('stored, not yet');
  });

  it('an HTML page where the archive should be is not taken for it', async () => {
    const { run } = await publish(
      { layout: 'chartmuseum', consistency: { staleReplica: 'all' } },
      [{ route: 'download', status: 200, html: true, times: Infinity }],
      SINGLE_TENANT,
    );
    expect(chartRows(run)[0]).toMatchObject({ status: 'failed', verified: false });
    expect(failureMessage(run)).toMatch(/was not verified in .* within 2s/);
  });

  it('per-entry delays shorter than verify-timeout, and a rescan interval, are waited out', async () => {
    const { run } = await publish(
      {
        layout: 'chartmuseum',
        consistency: { seed: 3, maxDelayMs: 1500, staleReplica: 'index', rescanIntervalMs: 2000 },
      },
      [],
      { ...SINGLE_TENANT, 'verify-timeout': '20' },
    );
    expect(failureMessage(run)).toBe('');
    expect(chartRows(run)[0]).toMatchObject({ status: 'pushed', verified: true });
  });

  it('the CLI table says pushed / not verified, with the reason, and exits 1', async () => {
    const server = await startChartServer({
      layout: 'harbor',
      users: { [ACCOUNT.user]: ACCOUNT.password },
      consistency: { staleReplica: 'index' },
    });
    try {
      const args = Object.entries({
        charts: 'charts/hello',
        'repo-url': server.repoUrl('team-a'),
        username: ACCOUNT.user,
        'push-method': 'http',
        'chart-version': '1.0.0',
        'helm-mirror': env.helmMirror.url,
        'tool-cache': env.toolCache,
        'verify-timeout': '2',
      }).flatMap(([k, v]) => [`--${k}`, v]);
      const run = await new Promise<{ code: number; out: string }>((resolve, reject) => {
        const child = spawn(process.execPath, [DIST_CLI, ...args, '--password-stdin'], {
          cwd: env.work,
          env: { PATH: process.env.PATH ?? '', HOME: env.work },
        });
        let out = '';
        child.stdout.on('data', (c: Buffer) => (out += c.toString()));
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.stdin.end(`${ACCOUNT.password}\n`);
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? -1, out }));
      });
      expect(run.code).toBe(1);
      expect(run.out).toMatch(/hello\s+1\.0\.0\s+-\s+pushed\s+[0-9a-f]+\s+no\s+no/);
      expect(run.out).toMatch(/stored, not yet in index\.yaml/);
    } finally {
      await server.close();
    }
  });
});

describe('Harbor as it answers', () => {
  const harbor = (extra: ChartServerOptions = {}): ChartServerOptions => ({
    layout: 'harbor',
    users: { [ACCOUNT.user]: ACCOUNT.password, admin: 'admin-pass' },
    namespaces: ['team-a', 'team-b'],
    harbor: { admins: ['admin'], publicProjects: ['team-a', 'team-b'] },
    ...extra,
  });

  it('an unknown project answers 403 to a logged-in user: the message names the real cause', async () => {
    const { run, server } = await publish(harbor(), [], { namespaces: 'team-a, nope' });
    expect(run.exitCode).not.toBe(0);
    expect(posts(server)).toBe(0);
    expect(failureMessage(run)).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/chartrepo\/nope\/index\.yaml answered 403 \(forbidden\): the namespace does not exist or the account may not read it/,
    );
  });

  it('a 403 on upload says the namespace does not exist or the account may not push to it', async () => {
    const { run } = await publish(harbor({ readOnlyUsers: [ACCOUNT.user] }));
    expect(failureMessage(run)).toMatch(
      /POST \S+\/api\/chartrepo\/team-a\/charts answered 403 \(forbidden\): the namespace does not exist or the account may not push to it/,
    );
  });

  // push-method plugin: the 401 is recognised only as helm-push's output is classified (its
  // `Error: <code>:` line), which Harbor's `{"errors":[…]}` body does not make reliable yet.
  it.each([['http', {}]])(
    'a wrong password on public projects (%s): the index reads, the first upload gets 401 and nothing else is pushed',
    async (_method, method) => {
      const { run, server } = await publish(harbor(), [], {
        namespaces: 'team-a, team-b',
        password: 'not-the-password',
        parallel: '1',
        ...method,
        ...('helm-push-mirror' in method && { 'helm-push-mirror': env.pushMirror.url }),
      });
      expect(run.exitCode).not.toBe(0);
      const indexReads = server.requests.filter((r) => r.path.endsWith('/index.yaml'));
      expect(indexReads.map((r) => r.status)).toEqual([200, 200]);
      expect(posts(server)).toBe(1);
      const [first, second] = chartRows(run);
      expect(first?.status).toBe('failed');
      expect(first?.error).toMatch(
        /(answered |was refused \()401\)?( \(unauthorized\))?: .*the credentials were rejected/,
      );
      expect(second?.status).toBe('not-attempted');
      expect(second?.error).toMatch(
        /^not attempted: an earlier upload to http:\/\/127\.0\.0\.1:\d+\/chartrepo\/team-a was refused with 401/,
      );
      expect(server.charts('team-a')).toEqual([]);
      expect(server.charts('team-b')).toEqual([]);
    },
  );

  it('Harbor 2.8: the portal page instead of index.yaml points at push-method oci', async () => {
    const { run, server } = await publish(harbor({ harbor: { chartRepoRemoved: true } }));
    expect(run.exitCode).not.toBe(0);
    expect(posts(server)).toBe(0);
    expect(failureMessage(run)).toMatch(
      /index\.yaml answered Harbor's web portal page instead of YAML: Harbor 2\.8 and later removed chart repositories; push to Harbor's OCI registry instead with `push-method: oci` and `repo-url: oci:\/\/127\.0\.0\.1:\d+\/<project>`/,
    );
  });

  it('an upload answered 200 (a login page) is a failure that says so', async () => {
    const { run, server } = await publish(harbor(), [
      { route: 'upload', html: true, times: Infinity },
    ]);
    expect(chartRows(run)[0]?.status).toBe('failed');
    expect(failureMessage(run)).toMatch(
      /POST \S+\/api\/chartrepo\/team-a\/charts answered 200 with an HTML page instead of 201 \(a proxy or login page\?\): nothing was stored/,
    );
    expect(server.charts('team-a')).toEqual([]);
  });

  it('a bare /chartrepo URL is an input error before anything is sent', async () => {
    const server = await startChartServer(harbor());
    try {
      const run = await runAction(
        e2eInputs(env, server, {
          username: ACCOUNT.user,
          password: ACCOUNT.password,
          'push-method': 'http',
          'repo-url': `${server.url}/chartrepo`,
          namespaces: '',
        }),
        { cwd: env.work, toolCache: env.toolCache },
      );
      expect(run.exitCode).not.toBe(0);
      expect(failureMessage(run)).toMatch(/`repo-url` ends at \/chartrepo without a project/);
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
