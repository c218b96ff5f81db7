// Faults on loopback: transient ones are retried (backoff with jitter, Retry-After honoured,
// bounded by `retries`) and the publish succeeds; permanent ones fail fast naming the repository
// and the fix; a retried upload never duplicates; one failing namespace does not stop the others.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { posts, useE2ePublisher } from '../../test/support/e2e-fixture.js';
import { chartRows, failureMessage, runAction } from '../../test/support/action-runner.js';
import { startChartServer, type Fault } from '../../test/support/chart-server.js';
import { writeChartDir } from '../../test/support/chart-fixtures.js';
import { summaryText } from '../../test/support/e2e-assert.js';

const ACCOUNT = { user: 'ci', password: 'reliability-secret' };
const { env, publish } = useE2ePublisher('faults', ACCOUNT, { 'verify-timeout': '15' });

describe('transient faults are retried and the publish succeeds', () => {
  it.each<[string, Fault[]]>([
    ['429 with Retry-After on upload', [{ route: 'upload', status: 429, retryAfter: '1' }]],
    ['503 twice on upload', [{ route: 'upload', status: 503, times: 2 }]],
    ['503 on the index', [{ route: 'index', status: 503 }]],
    ['a connection reset mid-upload', [{ route: 'upload', reset: true }]],
    ['an answer slower than request-timeout', [{ route: 'upload', delayMs: 3000 }]],
  ])('%s', async (_name, faults) => {
    const { run, server } = await publish({ layout: 'harbor' }, faults);
    expect(failureMessage(run)).toBe('');
    expect(chartRows(run).map((r) => [r.status, r.verified])).toEqual([['pushed', true]]);
    expect(server.faultHits().every((hits, i) => hits === (faults[i]?.times ?? 1))).toBe(true);
    expect(server.charts('team-a').map((c) => c.version)).toEqual(['1.0.0']);
    expect(run.stdout).toMatch(/retrying in \d+\.\ds \(attempt 2 of 4\)/);
  });

  it('honours Retry-After rather than the short backoff', async () => {
    const { run, server } = await publish({ layout: 'harbor' }, [
      { route: 'upload', status: 429, retryAfter: '2' },
    ]);
    expect(failureMessage(run)).toBe('');
    expect(run.stdout).toMatch(/HTTP 429; retrying in 2\.0s/);
    expect(posts(server)).toBe(2);
  });

  it('an upload stored before its answer was lost is recognised by digest, not duplicated or refused', async () => {
    const { run, server } = await publish({ layout: 'harbor', overwrite: 'reject' }, [
      { route: 'upload', reset: true, afterStore: true },
    ]);
    expect(failureMessage(run)).toBe('');
    expect(chartRows(run)[0]).toMatchObject({ status: 'pushed', verified: true });
    const uploads = server.requests.filter((r) => r.method === 'POST');
    expect(uploads.map((r) => r.status)).toEqual([0, 409]);
    expect(server.charts('team-a')).toHaveLength(1);
  });

  it('a version that shows in the index only seconds later is verified by polling', async () => {
    const { run, server } = await publish({ layout: 'harbor', indexDelayMs: 1500 }, []);
    expect(failureMessage(run)).toBe('');
    expect(chartRows(run)[0]).toMatchObject({ status: 'pushed', verified: true });
    expect(server.requests.filter((r) => r.path.endsWith('/index.yaml')).length).toBeGreaterThan(2);
  });
});

describe('permanent faults fail fast with the repository and the fix', () => {
  it('gives up after `retries` and names the status', async () => {
    const { run, server } = await publish(
      { layout: 'harbor' },
      [{ route: 'upload', status: 503, times: 100 }],
      { retries: '2' },
    );
    expect(run.exitCode).not.toBe(0);
    expect(posts(server)).toBe(3);
    expect(failureMessage(run)).toMatch(
      /POST http:\/\/127\.0\.0\.1:\d+\/api\/chartrepo\/team-a\/charts answered HTTP 503/,
    );
  });

  it('401 on upload only: no retry, names username/password and the repository', async () => {
    const { run, server } = await publish({ layout: 'harbor' }, [{ route: 'upload', status: 401 }]);
    expect(run.exitCode).not.toBe(0);
    expect(posts(server)).toBe(1);
    expect(failureMessage(run)).toMatch(
      /answered 401 \(unauthorized\): check `username`\/`password` for http:\/\/127\.0\.0\.1:\d+\/chartrepo\/team-a/,
    );
  });

  it('a truncated index is an error that names repo-url', async () => {
    const { run, server } = await publish({ layout: 'harbor', namespaces: ['team-a'] }, [
      { route: 'index', truncatedIndex: true },
    ]);
    expect(run.exitCode).not.toBe(0);
    expect(posts(server)).toBe(0);
    expect(failureMessage(run)).toMatch(/index\.yaml is not a valid chart repository index/);
  });
});

describe('partial failure', () => {
  it('one of three namespaces failing: the other two are pushed, every result is reported, the step fails', async () => {
    const { run, server } = await publish(
      { layout: 'harbor' },
      [{ route: 'upload', namespace: 'team-b', status: 503, times: 100 }],
      { namespaces: 'team-a, team-b, team-c', retries: '1' },
    );
    expect(run.exitCode).not.toBe(0);
    expect(chartRows(run).map((r) => [r.namespace, r.status])).toEqual([
      ['team-a', 'pushed'],
      ['team-b', 'failed'],
      ['team-c', 'pushed'],
    ]);
    expect(chartRows(run)[1]?.error).toMatch(/answered HTTP 503/);
    expect(failureMessage(run)).toMatch(/^1 of 3 publish jobs failed:\nhello 1\.0\.0 → team-b:/);
    expect(summaryText(run)).toMatch(/\| hello \| 1\.0\.0 \| team-b \| failed \|/);
    expect(server.charts('team-a')).toHaveLength(1);
    expect(server.charts('team-c')).toHaveLength(1);
  });
});

describe('fetch-back', () => {
  it('without verify, downloads the index for Helm once after the pushes and still compares digests', async () => {
    const { run, server } = await publish({ layout: 'harbor', overwrite: 'silent' }, [], {
      verify: 'false',
      'fetch-back': 'true',
      namespaces: 'team-a, team-b',
    });
    expect(failureMessage(run)).toBe('');
    expect(chartRows(run).map((r) => [r.namespace, r.verified, r.fetched])).toEqual([
      ['team-a', false, true],
      ['team-b', false, true],
    ]);
    // Per namespace: the check before pushing, and the copy for Helm after its upload.
    for (const ns of ['team-a', 'team-b']) {
      const order = server.requests
        .filter((r) => r.path.includes(`/${ns}/`))
        .map((r) => {
          if (r.method === 'POST') return 'upload';
          return r.path.endsWith('/index.yaml') ? 'index' : 'download';
        });
      expect(order).toEqual(['index', 'upload', 'index', 'download']);
    }
  });

  it('without verify, pulls running side by side share one index read for Helm', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fetch-shared-read-'));
    try {
      for (const name of ['alpha', 'beta', 'gamma', 'delta'])
        await writeChartDir(path.join(dir, 'charts', name), { name, version: '0.1.0' });
      const { run, server } = await publish(
        { layout: 'harbor', overwrite: 'silent' },
        [],
        { charts: 'charts/*', verify: 'false', 'fetch-back': 'true', parallel: '4' },
        { cwd: dir },
      );
      expect(failureMessage(run)).toBe('');
      expect(
        chartRows(run)
          .map((r) => [r.chart, r.verified, r.fetched])
          .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      ).toEqual([
        ['alpha', false, true],
        ['beta', false, true],
        ['delta', false, true],
        ['gamma', false, true],
      ]);
      // Four charts over four slots: four pulls, started together.
      expect(
        run.stdout.split('\n').filter((l) => l.startsWith('::debug::helm pull ')),
      ).toHaveLength(4);
      // The check before pushing, and one read for all four pulls.
      const order = server.requests.map((r) => {
        if (r.method === 'POST') return 'upload';
        return r.path.endsWith('/index.yaml') ? 'index' : 'download';
      });
      expect(order.filter((o) => o === 'index')).toHaveLength(2);
      expect(order.lastIndexOf('upload')).toBeLessThan(order.lastIndexOf('index'));
      expect(order.slice(order.lastIndexOf('index') + 1)).toEqual([
        'download',
        'download',
        'download',
        'download',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('charts share one helm pull; when one download fails, each is pulled alone and only that one is reported', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'fetch-group-'));
    try {
      for (const name of ['alpha', 'beta', 'gamma'])
        await writeChartDir(path.join(dir, 'charts', name), { name, version: '0.1.0' });
      const { run, server } = await publish(
        { layout: 'harbor', overwrite: 'silent' },
        // Fails in the shared pull and again when pulled alone.
        [{ route: 'download', pathEndsWith: '/beta-1.0.0.tgz', status: 500, times: 2 }],
        { charts: 'charts/*', 'fetch-back': 'true', parallel: '1' },
        { cwd: dir },
      );
      expect(run.exitCode).not.toBe(0);
      expect(chartRows(run).map((r) => [r.chart, r.status, r.fetched])).toEqual([
        ['alpha', 'pushed', true],
        ['beta', 'failed', false],
        ['gamma', 'pushed', true],
      ]);
      expect(chartRows(run)[1]?.error).toMatch(/beta/);
      // The action logs every Helm command it runs (as ::debug::): one shared pull, then each alone.
      expect(
        run.stdout
          .split('\n')
          .filter((l) => l.startsWith('::debug::helm pull '))
          .map((l) => [...l.matchAll(/\S+\/(alpha|beta|gamma)\b/g)].map((m) => m[1])),
      ).toEqual([['alpha', 'beta', 'gamma'], ['alpha'], ['beta'], ['gamma']]);
      // Before pushing, and the verification whose copy Helm pulls from: no third download.
      expect(server.requests.filter((r) => r.path.endsWith('/index.yaml'))).toHaveLength(2);
      const downloads = server.requests.filter((r) => r.path.endsWith('.tgz'));
      // Shared pull: alpha, beta (fails, Helm stops). Alone: alpha, beta (fails), gamma.
      expect(downloads.map((r) => path.basename(r.path))).toEqual([
        'alpha-1.0.0.tgz',
        'beta-1.0.0.tgz',
        'alpha-1.0.0.tgz',
        'beta-1.0.0.tgz',
        'gamma-1.0.0.tgz',
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('concurrency on one self-hosted runner', () => {
  it('three runs at once on a cold tool cache all succeed and leave one complete entry', async () => {
    const server = await startChartServer({
      layout: 'harbor',
      users: { [ACCOUNT.user]: ACCOUNT.password },
    });
    const shared = await mkdtemp(path.join(tmpdir(), 'shared-cache-'));
    try {
      const runs = await Promise.all(
        ['ns-1', 'ns-2', 'ns-3'].map((ns) =>
          runAction(
            {
              charts: 'charts/hello',
              'repo-url': server.repoUrl('{namespace}'),
              namespaces: ns,
              username: ACCOUNT.user,
              password: ACCOUNT.password,
              'helm-mirror': env.helmMirror.url,
              'push-method': 'http',
              version: '1.0.0',
              'fetch-back': 'true',
            },
            { cwd: env.work, toolCache: shared },
          ),
        ),
      );
      for (const run of runs) {
        expect(failureMessage(run)).toBe('');
        expect(chartRows(run)[0]).toMatchObject({ status: 'pushed', verified: true });
      }
      expect((await readdir(path.join(shared, 'helm', '4.2.3'))).sort()).toEqual([
        'x64',
        'x64.complete',
      ]);
      expect(existsSync(path.join(shared, 'helm', '4.2.3', 'x64', 'linux-amd64', 'helm'))).toBe(
        true,
      );
    } finally {
      await server.close();
      await rm(shared, { recursive: true, force: true });
    }
  });
});
