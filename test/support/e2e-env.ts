// What every end-to-end test file starts from: the local get.helm.sh-style Helm mirror and the
// helm-push release mirror (behind a 302 to a second server, as GitHub's), a working directory
// holding example charts under charts/, and an empty tool cache.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChartServer } from './chart-server.js';
import { HELM_MIRROR_DIR, HELM_PUSH_MIRROR_DIR, REPO_ROOT } from './fixtures.js';
import {
  startRedirectingMirror,
  startStaticServer,
  type RedirectingMirror,
  type StaticServer,
} from './static-server.js';

export interface E2eEnv {
  helmMirror: StaticServer;
  /** Redirects every download to `pushMirror.objects`, as GitHub release downloads do. */
  pushMirror: RedirectingMirror;
  work: string;
  toolCache: string;
  close(): Promise<void>;
}

export async function startE2eEnv(name: string, charts: string[] = ['hello']): Promise<E2eEnv> {
  const [helmMirror, pushMirror] = await Promise.all([
    startStaticServer(HELM_MIRROR_DIR),
    startRedirectingMirror(HELM_PUSH_MIRROR_DIR),
  ]);
  const work = await mkdtemp(path.join(tmpdir(), `${name}-`));
  const toolCache = await mkdtemp(path.join(tmpdir(), 'tool-cache-'));
  for (const chart of charts) {
    await cp(path.join(REPO_ROOT, 'examples', 'charts', chart), path.join(work, 'charts', chart), {
      recursive: true,
    });
  }
  return {
    helmMirror,
    pushMirror,
    work,
    toolCache,
    close: async () => {
      await Promise.all([helmMirror.close(), pushMirror.close()]);
      await rm(work, { recursive: true, force: true });
      await rm(toolCache, { recursive: true, force: true });
    },
  };
}

/**
 * The inputs every end-to-end run starts from: charts/hello to namespace team-a of `server`,
 * version 1.0.0, Helm and helm-push from the local mirrors; `extra` adds or replaces inputs.
 */
export function e2eInputs(
  env: { helmMirror: { url: string }; pushMirror: { url: string } },
  server: ChartServer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    charts: 'charts/hello',
    'repo-url': server.repoUrl('{namespace}'),
    namespaces: 'team-a',
    'helm-mirror': env.helmMirror.url,
    'helm-push-mirror': env.pushMirror.url,
    version: '1.0.0',
    ...extra,
  };
}

/** Retries without the production backoff, so that fault tests stay short. */
export const FAST_RETRY_ENV = { HELM_PUBLISH_RETRY_BASE_MS: '50' };
