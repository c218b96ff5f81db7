// ChartMuseum layouts: a context path announced in serverInfo, multi-tenant paths, and absolute
// URLs in index.yaml, with both upload methods and fetch-back through real Helm 3.18.
import { describe, expect, it } from 'vitest';
import { useE2eEnv } from '../../test/support/e2e-fixture.js';
import { runAction, type ActionRun } from '../../test/support/action-runner.js';
import { startChartServer, type ChartServerOptions } from '../../test/support/chart-server.js';

const env = useE2eEnv('cm');

const rows = (
  run: ActionRun,
): Array<{ status: string; verified: boolean; fetched: boolean; digest: string }> =>
  JSON.parse(run.outputs.charts ?? '[]') as Array<{
    status: string;
    verified: boolean;
    fetched: boolean;
    digest: string;
  }>;

describe.each(['http', 'plugin'])('push-method %s', (method) => {
  it.each<[string, ChartServerOptions, string | undefined, RegExp]>([
    [
      'a context path from serverInfo',
      { layout: 'chartmuseum', contextPath: '/ctx' },
      undefined,
      /^\/ctx\/api\/charts$/,
    ],
    ['multi-tenant paths', { layout: 'multitenant' }, 'org/team', /^\/api\/org\/team\/charts$/],
    [
      'absolute URLs in the index',
      { layout: 'harbor', urls: 'absolute' },
      'team-a',
      /^\/api\/chartrepo\/team-a\/charts$/,
    ],
  ])('%s', async (_name, options, namespace, uploadPath) => {
    const server = await startChartServer({ users: { u: 'p' }, ...options });
    try {
      const run = await runAction(
        {
          charts: 'charts/hello',
          'repo-url': server.repoUrl(namespace === undefined ? undefined : '{namespace}'),
          ...(namespace !== undefined && { namespaces: namespace }),
          username: 'u',
          password: 'p',
          'helm-mirror': env.helmMirror.url,
          'helm-push-mirror': env.pushMirror.url,
          'push-method': method,
          version: '2.0.0',
          'fetch-back': 'true',
        },
        { cwd: env.work, toolCache: env.toolCache },
      );
      expect(run.stdout.split('\n').filter((l) => l.startsWith('::error'))).toEqual([]);
      expect(rows(run)).toMatchObject([{ status: 'pushed', verified: true, fetched: true }]);
      const uploads = server.requests.filter((r) => r.method === 'POST');
      expect(uploads).toHaveLength(1);
      expect(uploads[0]?.path).toMatch(uploadPath);
      expect(rows(run)[0]?.digest).toBe(`sha256:${server.charts(namespace)[0]?.digest ?? ''}`);
    } finally {
      await server.close();
    }
  });
});
