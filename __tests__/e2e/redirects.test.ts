// Redirects through the built action: helm-push comes from a mirror that answers every download
// with a 302 to a second server (as github.com/<o>/<r>/releases/download does, to
// objects.githubusercontent.com), Helm from a mirror that answers 301 (a mirror that moved), and a
// chart repository whose index.yaml answers 307 to another port. Credentials never leave the
// repository's origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chartRows,
  failureMessage,
  runAction,
  removeRunDirs,
} from '../../test/support/action-runner.js';
import { startChartServer } from '../../test/support/chart-server.js';
import { startE2eEnv, type E2eEnv } from '../../test/support/e2e-env.js';
import { HELM_MIRROR_DIR } from '../../test/support/fixtures.js';
import {
  startRedirectingMirror,
  type RedirectingMirror,
} from '../../test/support/static-server.js';

const USER = 'redirect-user';
const PASSWORD = 'redirect-secret';

let env: E2eEnv;
let helmMirror: RedirectingMirror;

beforeAll(async () => {
  env = await startE2eEnv('redirects');
  helmMirror = await startRedirectingMirror(HELM_MIRROR_DIR, {
    status: 301,
    location: 'same-path',
  });
});
afterAll(async () => {
  await helmMirror.close();
  await env.close();
});

async function publish(repoUrl: string, extra: Record<string, string> = {}): Promise<void> {
  const run = await runAction(
    {
      charts: 'charts/hello',
      'repo-url': repoUrl,
      username: USER,
      password: PASSWORD,
      'helm-mirror': helmMirror.url,
      'helm-push-mirror': env.pushMirror.url,
      version: '1.0.0',
      ...extra,
    },
    { cwd: env.work },
  );
  await removeRunDirs(run);
  expect(failureMessage(run)).toBe('');
  expect(chartRows(run).map((r) => [r.status, r.verified])).toEqual([['pushed', true]]);
}

describe('redirects', () => {
  it('the default push method installs Helm and helm-push from mirrors behind redirects', async () => {
    const server = await startChartServer({ layout: 'chartmuseum', users: { [USER]: PASSWORD } });
    try {
      for (const mirror of [helmMirror, env.pushMirror]) {
        mirror.clearRequests();
        mirror.objects.clearRequests();
      }
      await publish(server.repoUrl());

      const pluginFiles = env.pushMirror.requests.map((r) => r.pathname);
      expect(pluginFiles).toContainEqual(expect.stringMatching(/_checksums\.txt$/));
      expect(pluginFiles).toContainEqual(expect.stringMatching(/_linux_amd64\.tar\.gz$/));
      // Every file came from the object server, by its opaque presigned URL.
      expect(env.pushMirror.objects.requests).toHaveLength(pluginFiles.length);
      expect(env.pushMirror.objects.requests.every((r) => r.query?.includes('X-Amz-'))).toBe(true);
      const helmFiles = helmMirror.objects.requests.map((r) => r.pathname);
      expect(helmFiles).toContainEqual(expect.stringMatching(/\.tar\.gz$/));
      expect(helmFiles).toContainEqual(expect.stringMatching(/\.tar\.gz\.sha256(sum)?$/));
      for (const objects of [env.pushMirror.objects, helmMirror.objects]) {
        expect(objects.requests.filter((r) => r.headers.authorization !== undefined)).toEqual([]);
      }
      expect(server.uploads['']).toBe(1);
    } finally {
      await server.close();
    }
  });

  it('reads and verifies an index.yaml that redirects to another port, without credentials there', async () => {
    const server = await startChartServer({
      layout: 'harbor',
      users: { [USER]: PASSWORD },
      indexRedirect: true,
    });
    try {
      await publish(server.repoUrl('team-a'), { 'push-method': 'http' });
      const index = server.requests.filter((r) => r.path.endsWith('/index.yaml'));
      expect(index.length).toBeGreaterThanOrEqual(2); // the check before the push, and verify
      expect(index.every((r) => r.status === 307 && r.user === USER)).toBe(true);
      const there = server.indexHost?.requests ?? [];
      expect(there.map((r) => [r.path, r.status])).toEqual(index.map((r) => [r.path, 200]));
      expect(there.filter((r) => r.authScheme !== undefined)).toEqual([]);
      expect(server.charts('team-a').map((c) => c.version)).toEqual(['1.0.0']);
    } finally {
      await server.close();
    }
  });
});
