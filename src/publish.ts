import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError, PublishError, errorMessage } from './errors.js';
import { Helm } from './helm/cli.js';
import { initCommand, packageCommand, supportsOci } from './helm/commands.js';
import { createHelmHome, removeHelmHome } from './helm/home.js';
import { installHelm, parseHelmVersion, resolveHelmVersion } from './helm/install.js';
import { detectPlatform, type Platform } from './helm/platform.js';
import { HttpClient } from './http/client.js';
import type { Settings } from './inputs.js';
import type { Logger } from './logger.js';
import { buildPlan, type ChartSource, type Plan } from './plan.js';
import { versionKey } from './repo/chartrepo.js';
import { ClassicPublisher } from './repo/classic.js';
import { OciPublisher } from './repo/oci.js';
import { helmPushVersionFor, installHelmPush, pluginCompatibilityProblem } from './repo/plugin.js';
import type {
  Inspection,
  PackagedChart,
  Publisher,
  Target,
  VerifyExpectation,
} from './repo/publisher.js';
import { mapLimit, sleep } from './util/concurrency.js';
import { sha256 } from './util/hash.js';

/**
 * The engine shared by the GitHub Action and the CLI: plan → install Helm → package once →
 * check every target → push (concurrently) → verify → fetch back → results.
 */

export type Status = 'pushed' | 'overwritten' | 'skipped' | 'dry-run' | 'failed';

export interface ChartResult {
  chart: string;
  version: string;
  appVersion: string;
  namespace: string;
  repo: string;
  /** `sha256:<hex>` of the stored .tgz, or '' when unknown. */
  digest: string;
  status: Status;
  verified: boolean;
  fetched: boolean;
  error?: string;
  seconds: number;
  /** Where annotations point (Chart.yaml, or the .tgz). */
  chartYaml: string;
}

export interface PublishOutcome {
  results: ChartResult[];
  helm: { path: string; version: string };
}

export interface EngineContext {
  cwd: string;
  /** Parent folder of the per-run Helm home (RUNNER_TEMP on runners). */
  tempDir: string;
  logger: Logger;
  platform?: Platform;
  /** Called as soon as the per-run home exists, so a post step can remove it after a crash. */
  onHome?: (root: string) => void;
  /** Called whenever a chart × namespace moves on (for progress displays). */
  onProgress?: (event: ProgressEvent) => void;
}

export type Stage = 'pushing' | 'pushed' | 'verified' | 'fetched' | 'skipped' | 'failed';

export interface ProgressEvent {
  stage: Stage;
  result: Readonly<ChartResult>;
}

export async function publish(settings: Settings, context: EngineContext): Promise<PublishOutcome> {
  const { logger } = context;
  const plan = await buildPlan(settings, context.cwd);
  logger.info(
    `Plan: ${plan.charts.map((c) => `${c.name} ${c.version}`).join(', ')} → ${
      plan.namespaces.length > 0 ? `namespaces ${plan.namespaces.join(', ')}` : settings.repoUrl
    } (${settings.pushMethod})`,
  );
  const platform = context.platform ?? detectPlatform();
  const common = {
    timeoutSeconds: settings.requestTimeoutSeconds,
    retries: settings.retries,
    logger,
  };
  const mirrorHttp = new HttpClient(common);
  const repoHttp = new HttpClient({
    ...common,
    ...(settings.caFile !== undefined && { caFile: settings.caFile }),
    insecure: settings.insecure,
  });
  try {
    const version = await resolveHelmVersion(
      settings.helmVersion,
      settings.helmMirror,
      mirrorHttp,
      logger,
    );
    const helmVersion = parseHelmVersion(version);
    const pluginVersion =
      settings.pushMethod === 'plugin'
        ? helmPushVersionFor(helmVersion.major, settings.helmPushVersion)
        : undefined;
    checkHelmCompatibility(settings, version, pluginVersion);

    const home = await createHelmHome(context.tempDir, helmVersion.major);
    context.onHome?.(home.root);
    let publisher: Publisher | undefined;
    try {
      const installation = await installHelm(version, {
        mirror: settings.helmMirror,
        http: mirrorHttp,
        platform,
        logger,
        tempDir: home.workDir,
        ...(settings.helmChecksum !== undefined && { checksum: settings.helmChecksum }),
      });
      const helm = new Helm(installation, home, logger);
      const init = initCommand(helm);
      if (init !== undefined) await helm.run(init, 'initialising the Helm 2 client home');

      if (pluginVersion !== undefined) {
        await installHelmPush({
          version: pluginVersion,
          mirror: settings.helmPushMirror,
          http: mirrorHttp,
          platform,
          home,
          helmMajor: helm.major,
          logger,
          tempDir: home.workDir,
        });
      }
      const packages = await packageCharts(plan, helm, settings);
      publisher =
        settings.pushMethod === 'oci'
          ? new OciPublisher({ settings, http: repoHttp, helm, logger })
          : new ClassicPublisher({
              method: settings.pushMethod,
              settings,
              http: repoHttp,
              helm,
              logger,
              ...(pluginVersion !== undefined && { pluginVersion }),
            });
      const results = await runJobs(
        plan,
        packages,
        publisher,
        settings,
        logger,
        home.workDir,
        context.onProgress,
      );
      return { results, helm: { path: installation.path, version: installation.version } };
    } finally {
      await publisher?.close().catch((error: unknown) => {
        logger.warning(`cleanup: ${errorMessage(error)}`);
      });
      await removeHelmHome(home.root);
    }
  } finally {
    await Promise.all([mirrorHttp.close(), repoHttp.close()]);
  }
}

function checkHelmCompatibility(
  settings: Settings,
  version: string,
  pluginVersion: string | undefined,
): void {
  const problems: string[] = [];
  const helmVersion = parseHelmVersion(version);
  if (settings.pushMethod === 'oci' && !supportsOci(helmVersion)) {
    problems.push(
      `pushing to OCI registries needs Helm 3.8.0 or later, but Helm is ${version}: set \`helm-version\` to v3.8.0 or newer`,
    );
  }
  if (pluginVersion !== undefined) {
    const problem = pluginCompatibilityProblem(version, pluginVersion);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) throw new InputError(problems);
}

/** Packages every chart directory once (the same bytes go to every namespace). */
async function packageCharts(
  plan: Plan,
  helm: Helm,
  settings: Settings,
): Promise<Map<ChartSource, Omit<PackagedChart, 'job'>>> {
  const packages = new Map<ChartSource, Omit<PackagedChart, 'job'>>();
  await mapLimit(plan.charts, settings.parallel, async (chart, index) => {
    let file = chart.path;
    if (chart.kind === 'dir') {
      const destination = path.join(helm.home.workDir, 'packages', String(index));
      await helm.run(
        packageCommand(helm, chart.path, destination, {
          version: chart.version,
          ...(chart.appVersion !== undefined && { appVersion: chart.appVersion }),
          dependencyUpdate: settings.dependencyUpdate,
        }),
        `packaging ${path.basename(chart.path)}`,
      );
      const produced = (await readdir(destination)).find((f) => f.endsWith('.tgz'));
      if (produced === undefined)
        throw new PublishError(`helm package produced no archive for ${chart.path}`);
      file = path.join(destination, produced);
    }
    const bytes = await readFile(file);
    packages.set(chart, {
      file,
      bytes,
      digest: sha256(bytes),
      fileName: `${chart.name}-${chart.version}.tgz`,
      ...(chart.provenance !== undefined && { provenance: await readFile(chart.provenance) }),
    });
  });
  return packages;
}

interface JobState {
  item: PackagedChart;
  target: Target;
  result: ChartResult;
  started: number;
  /** Digest that was there before an overwrite. */
  previousDigest?: string;
  /** Whether this job still goes on to the next phase. */
  active: boolean;
}

async function runJobs(
  plan: Plan,
  packages: Map<ChartSource, Omit<PackagedChart, 'job'>>,
  publisher: Publisher,
  settings: Settings,
  logger: Logger,
  workDir: string,
  onProgress: ((event: ProgressEvent) => void) | undefined,
): Promise<ChartResult[]> {
  const progress = (stage: Stage, s: JobState): void =>
    onProgress?.({ stage, result: { ...s.result } });
  const targets: Target[] = [];
  const targetOf = new Map<string, Target>();
  const states: JobState[] = plan.jobs.map((job) => {
    let target = targetOf.get(job.repoUrl);
    if (target === undefined) {
      target = { repoUrl: job.repoUrl, namespace: job.namespace };
      targetOf.set(job.repoUrl, target);
      targets.push(target);
    }
    const pkg = packages.get(job.chart);
    if (pkg === undefined) throw new Error(`no package for ${job.chart.path}`);
    const item: PackagedChart = { ...pkg, job };
    return {
      item,
      target,
      started: Date.now(),
      active: true,
      result: {
        chart: job.chart.name,
        version: job.chart.version,
        appVersion: job.chart.appVersion ?? '',
        namespace: job.namespace,
        repo: job.repoUrl,
        digest: `sha256:${pkg.digest}`,
        status: settings.dryRun ? 'dry-run' : 'pushed',
        verified: false,
        fetched: false,
        seconds: 0,
        chartYaml: job.chart.chartYaml,
      },
    };
  });
  const fail = (state: JobState, error: unknown): void => {
    state.result.status = 'failed';
    state.result.error = errorMessage(error);
    state.active = false;
    progress('failed', state);
  };
  const finish = (): ChartResult[] => {
    const now = Date.now();
    for (const s of states) s.result.seconds = Math.round((now - s.started) / 100) / 10;
    return states.map((s) => s.result);
  };
  const statesOf = (target: Target): JobState[] => states.filter((s) => s.target === target);

  const prepare = (): Promise<void> =>
    publisher.prepare(targets, { fetchBack: settings.fetchBack, dryRun: settings.dryRun });
  if (settings.dryRun) {
    await prepare();
    if (settings.pushMethod === 'plugin') {
      for (const s of states) s.result.digest = '';
    }
    logger.info('dry-run: nothing was pushed');
    return finish();
  }

  // Phase 1: look at every target before pushing anything, so that a bad namespace, bad
  // credentials or a version that must not be replaced stop the whole run with nothing pushed.
  const inspections = new Map<Target, Inspection>();
  const blockers: string[] = [];
  await mapLimit(targets, settings.parallel, async (target) => {
    try {
      inspections.set(
        target,
        await publisher.inspect(
          target,
          statesOf(target).map((s) => s.item),
        ),
      );
    } catch (error) {
      blockers.push(errorMessage(error));
      for (const s of statesOf(target)) fail(s, error);
    }
  });
  for (const [target, inspection] of inspections) {
    for (const s of statesOf(target)) {
      const existing = inspection.existing.get(versionKey(s.result.chart, s.result.version));
      if (existing === undefined) continue;
      if (settings.ifExists === 'fail') {
        const message = alreadyExists(s);
        blockers.push(message);
        fail(s, message);
      } else if (settings.ifExists === 'skip') {
        s.result.status = 'skipped';
        s.result.digest = existing.digest !== undefined ? `sha256:${existing.digest}` : '';
        s.active = false;
        logger.info(
          `${s.result.chart} ${s.result.version} is already in ${s.result.repo}: skipped`,
        );
        progress('skipped', s);
      } else {
        s.result.status = 'overwritten';
        if (existing.digest !== undefined) s.previousDigest = existing.digest;
      }
    }
  }
  if (blockers.length > 0) {
    for (const s of states) {
      if (s.result.status !== 'failed')
        fail(s, `not pushed: the pre-push check failed (${blockers[0] ?? ''})`);
    }
    return finish();
  }

  // Set-up that touches Helm's credentials (repo add, registry login) only once every target
  // passed the check above, so bad credentials get our clear message, not Helm's.
  try {
    await prepare();
  } catch (error) {
    for (const s of states) if (s.active) fail(s, error);
    return finish();
  }

  // Phase 2: push.
  const toPush = states.filter((s) => s.active);
  await mapLimit(toPush, settings.parallel, async (s) => {
    s.started = Date.now();
    progress('pushing', s);
    const inspection = inspections.get(s.target) ?? { existing: new Map() };
    try {
      const outcome = await publisher.push(
        s.target,
        s.item,
        inspection,
        settings.ifExists === 'overwrite',
      );
      if (outcome.kind === 'saved') {
        if (outcome.digest !== undefined) s.result.digest = `sha256:${outcome.digest}`;
        else s.result.digest = '';
        logger.info(`${s.result.chart} ${s.result.version} → ${s.result.repo}: ${s.result.status}`);
        progress('pushed', s);
        return;
      }
      // 409: someone else pushed it meanwhile, or our own earlier attempt landed before its
      // answer was lost (a retried upload). Same bytes means it is ours.
      const after = await publisher.inspect(s.target, [s.item]);
      const stored = after.existing.get(versionKey(s.result.chart, s.result.version));
      if (
        stored?.digest !== undefined &&
        stored.digest === s.item.digest &&
        settings.pushMethod !== 'plugin'
      ) {
        logger.info(
          `${s.result.chart} ${s.result.version} → ${s.result.repo}: already stored with our digest`,
        );
        progress('pushed', s);
        return;
      }
      if (settings.ifExists === 'skip') {
        s.result.status = 'skipped';
        s.result.digest = stored?.digest !== undefined ? `sha256:${stored.digest}` : '';
        s.active = false;
        progress('skipped', s);
        return;
      }
      fail(
        s,
        settings.ifExists === 'overwrite'
          ? `${s.result.repo} refused to overwrite ${s.result.chart} ${s.result.version} (409) even when forced: allow overwrites on the server, or publish a new version`
          : alreadyExists(s),
      );
    } catch (error) {
      fail(s, error);
    }
  });

  // Phase 3: verify in the index (or registry), polling from the first moment with backoff.
  if (settings.verify) {
    await mapLimit(targets, settings.parallel, async (target) => {
      const pending = statesOf(target).filter((s) => s.active);
      if (pending.length > 0)
        await verifyTarget(publisher, target, pending, settings, fail, progress);
    });
  }

  // Phase 4: fetch back through Helm and compare bytes.
  if (settings.fetchBack) {
    const fetchable = states.filter((s) => s.active && s.result.digest !== '');
    const fetchTargets = targets.filter((t) => fetchable.some((s) => s.target === t));
    if (fetchTargets.length > 0) {
      try {
        await publisher.prepareFetch(fetchTargets);
      } catch (error) {
        for (const s of fetchable) fail(s, error);
      }
      await mapLimit(
        fetchable.filter((s) => s.active),
        settings.parallel,
        async (s) => {
          try {
            const destination = path.join(workDir, 'fetch', String(states.indexOf(s)));
            const got = await publisher.fetchBack(s.target, s.item, destination);
            if (`sha256:${got}` !== s.result.digest) {
              throw new PublishError(
                `fetched ${s.result.chart} ${s.result.version} from ${s.result.repo} has sha256:${got}, but the repository lists ${s.result.digest}`,
              );
            }
            s.result.fetched = true;
            progress('fetched', s);
          } catch (error) {
            fail(s, error);
          }
        },
      );
    }
  }
  return finish();
}

async function verifyTarget(
  publisher: Publisher,
  target: Target,
  states: JobState[],
  settings: Settings,
  fail: (s: JobState, error: unknown) => void,
  progress: (stage: Stage, s: JobState) => void,
): Promise<void> {
  const deadline = Date.now() + settings.verifyTimeoutSeconds * 1000;
  let pending = states;
  let delay = 200;
  const seen = new Map<JobState, string>();
  for (;;) {
    const expectations: VerifyExpectation[] = pending.map((s) => {
      const known = s.result.digest.startsWith('sha256:') ? s.result.digest.slice(7) : undefined;
      return {
        item: s.item,
        ...(known !== undefined && { digest: known }),
        ...(known === undefined &&
          s.previousDigest !== undefined && { notDigest: s.previousDigest }),
      };
    });
    try {
      const outcomes = await publisher.check(target, expectations);
      const still: JobState[] = [];
      for (const s of pending) {
        const outcome = outcomes.get(s.item);
        if (outcome?.ok === true) {
          s.result.verified = true;
          if (outcome.digest !== undefined) s.result.digest = `sha256:${outcome.digest}`;
          progress('verified', s);
        } else {
          seen.set(s, outcome?.seen ?? 'not found');
          still.push(s);
        }
      }
      pending = still;
    } catch (error) {
      // A repository that answers badly while regenerating its index gets polled again.
      for (const s of pending) seen.set(s, errorMessage(error));
    }
    if (pending.length === 0) return;
    const remaining = deadline - Date.now();
    if (remaining <= 0) break;
    // The last wait is cut short so that one more look happens right at the deadline.
    await sleep(Math.min(delay, remaining));
    delay = Math.min(delay * 2, 5000);
  }
  for (const s of pending) {
    fail(
      s,
      `${s.result.chart} ${s.result.version} was not verified in ${target.repoUrl} within ${settings.verifyTimeoutSeconds}s: ${seen.get(s) ?? 'not found'} (raise \`verify-timeout\` if the repository regenerates its index slowly)`,
    );
  }
}

function alreadyExists(s: JobState): string {
  return `${s.result.chart} ${s.result.version} already exists in ${s.result.repo}: publish a new version, or set \`if-exists\` to skip or overwrite`;
}
