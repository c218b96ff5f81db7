// What every benchmark scenario shares: the mirrors, tool cache and work folder, the action's
// inputs, and a Harbor-style repository to publish to.
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction } from '../test/support/action-runner.js';
import { startChartServer, type ChartServer } from '../test/support/chart-server.js';
import { e2eInputs } from '../test/support/e2e-env.js';
import { HELM_MIRROR_DIR, HELM_PUSH_MIRROR_DIR, REPO_ROOT } from '../test/support/fixtures.js';
import { ensureHelmBinary } from '../test/support/helm-binaries.js';
import { buildHelmMirror } from '../test/support/helm-mirror.js';
import { buildPluginRelease } from '../test/support/plugin-release.js';
import { startStaticServer, type StaticServer } from '../test/support/static-server.js';

export const USER = 'bench';
export const PASSWORD = randomBytes(8).toString('hex');
export const HELM = 'v3.18.0';
export const RUNS = Number(process.env.BENCH_RUNS ?? 3);

export interface Context {
  helmMirror: StaticServer;
  pushMirror: StaticServer;
  toolCache: string;
  work: string;
}

export function actionInputs(
  ctx: Context,
  server: ChartServer,
  extra: Record<string, string>,
): Record<string, string> {
  return e2eInputs(ctx, server, {
    username: USER,
    password: PASSWORD,
    'helm-version': HELM,
    'if-exists': 'overwrite',
    summary: 'false',
    ...extra,
  });
}

export async function actionRun(
  ctx: Context,
  inputs: Record<string, string>,
  cwd = ctx.work,
): Promise<number> {
  const run = await runAction(inputs, { cwd, toolCache: ctx.toolCache, post: true });
  await rm(run.runnerTemp, { recursive: true, force: true });
  if (run.exitCode !== 0) throw new Error(`action failed:\n${run.stdout}\n${run.stderr}`);
  // The step's own time, as the runner waits for it: main plus post, not the harness around them.
  return run.seconds.main + run.seconds.post;
}

/** A Harbor-style repository that overwrites silently, as Harbor and TCR do. */
export function benchServer(namespaces: string[], latencyMs = 0): Promise<ChartServer> {
  return startChartServer({
    layout: 'harbor',
    users: { [USER]: PASSWORD },
    overwrite: 'silent',
    namespaces,
    latencyMs,
  });
}

/** Mirrors, tool cache and a work folder holding examples/charts/hello. */
export async function openContext(): Promise<Context> {
  await ensureHelmBinary(HELM);
  await buildHelmMirror(HELM_MIRROR_DIR, [HELM]);
  await buildPluginRelease(HELM_PUSH_MIRROR_DIR, '0.10.4');
  const ctx: Context = {
    helmMirror: await startStaticServer(HELM_MIRROR_DIR),
    pushMirror: await startStaticServer(HELM_PUSH_MIRROR_DIR),
    toolCache: await mkdtemp(path.join(tmpdir(), 'bench-tools-')),
    work: await mkdtemp(path.join(tmpdir(), 'bench-work-')),
  };
  await cp(
    path.join(REPO_ROOT, 'examples', 'charts', 'hello'),
    path.join(ctx.work, 'charts', 'hello'),
    { recursive: true },
  );
  return ctx;
}

export async function closeContext(ctx: Context): Promise<void> {
  await ctx.helmMirror.close();
  await ctx.pushMirror.close();
  await rm(ctx.toolCache, { recursive: true, force: true });
  await rm(ctx.work, { recursive: true, force: true });
}

/** Warms the tool cache (Helm and plugin) so every measured run is a warm run. */
export async function warmUp(ctx: Context): Promise<void> {
  const warm = await benchServer(['team-a']);
  await actionRun(ctx, actionInputs(ctx, warm, { 'push-method': 'plugin', version: '0.0.1' }));
  await warm.close();
}
