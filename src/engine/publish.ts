import { errorMessage } from '../errors.js';
import { removeHelmHome } from '../helm/home.js';
import { detectPlatform, type Platform } from '../helm/platform.js';
import { HttpClient } from '../http/client.js';
import type { NetworkSettings } from '../http/proxy.js';
import type { Logger } from '../logger.js';
import { locateCharts, readPlan } from '../plan.js';
import { createPublisher } from '../repo/factory.js';
import type { Plan } from '../types/plan.js';
import type { Publisher } from '../types/publisher.js';
import type { ProgressEvent, PublishOutcome } from '../types/result.js';
import type { Settings } from '../types/settings.js';
import { packageCharts } from './packaging.js';
import { runPipeline } from './pipeline.js';
import { installHelmInto, prepareHelm } from './setup.js';

/** What the adapters (the action, the CLI) give the engine. */
export interface EngineContext {
  cwd: string;
  /** Parent folder of the per-run Helm home (RUNNER_TEMP on runners). */
  tempDir: string;
  logger: Logger;
  /** Proxies and retry timing, as the adapter read them from its environment. */
  network?: NetworkSettings;
  platform?: Platform;
  /** Called as soon as the per-run home exists, so that a post step can remove it after a crash. */
  onHome?: (root: string) => void;
  /** Called whenever a chart × target moves on (for progress displays). */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * A live display shows every job and step (a terminal): no log line per push and no
   * heartbeat; the start and end of each namespace's verification and fetch-back still show.
   */
  live?: boolean;
}

/**
 * The engine shared by the action and the CLI: plan → set up Helm → pick the publisher →
 * pipeline (package ∥ check → push → verify → fetch back) → clean up.
 */
export async function publish(settings: Settings, context: EngineContext): Promise<PublishOutcome> {
  const { logger } = context;
  const plan = await readPlan(
    await locateCharts(settings.charts, context.cwd),
    settings,
    context.cwd,
  );
  const platform = context.platform ?? detectPlatform();
  const clientOptions = {
    timeoutSeconds: settings.requestTimeoutSeconds,
    retries: settings.retries,
    logger,
    proxyEnv: context.network?.proxyEnv,
    retryBaseMs: context.network?.retryBaseMs,
  };
  const mirrorHttp = new HttpClient(clientOptions);
  const http = new HttpClient({
    ...clientOptions,
    caFile: settings.caFile,
    insecure: settings.insecure,
  });
  const setup = {
    settings,
    mirrorHttp,
    platform,
    logger,
    tempDir: context.tempDir,
    onHome: context.onHome,
  };
  let publisher: Publisher | undefined;
  try {
    const { version, home } = await prepareHelm(setup);
    try {
      const { helm, tools } = await installHelmInto(version, home, setup);
      const created = await createPublisher({
        settings,
        http,
        mirrorHttp,
        helm,
        platform,
        logger,
        tools,
      });
      publisher = created;
      const packaging = packageCharts(
        plan.charts,
        (chart) => !created.takesDirectory(chart),
        helm,
        settings,
      );
      logger.info(describePlan(plan, settings.repoUrl, publisher.name));
      const results = await runPipeline(plan, packaging, {
        settings,
        publisher,
        logger,
        workDir: home.workDir,
        onProgress: context.onProgress,
        live: context.live,
      });
      return {
        results,
        helm: { path: helm.installation.path, version: helm.installation.version },
      };
    } finally {
      await publisher?.close().catch((error: unknown) => {
        logger.warning(`cleanup: ${errorMessage(error)}`);
      });
      await Promise.all([mirrorHttp.close(), http.close(), removeHelmHome(home.root)]);
    }
  } finally {
    await Promise.all([mirrorHttp.close(), http.close()]);
  }
}

function describePlan(plan: Plan, repoUrl: string, method: string): string {
  const charts = plan.charts.map((c) => `${c.name} ${c.version}`).join(', ');
  const where = plan.targets.some((t) => t.namespace !== '')
    ? `namespaces ${plan.targets.map((t) => t.namespace).join(', ')}`
    : repoUrl;
  return `Plan: ${charts} → ${where} (${method})`;
}
