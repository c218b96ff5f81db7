import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { InputError, PublishError, errorMessage } from './errors.js';
import { chartArchivesIn } from './helm/archive.js';
import { Helm } from './helm/cli.js';
import { initCommand, packageCommand, pluginCommandName, supportsOci } from './helm/commands.js';
import { createHelmHome, removeHelmHome } from './helm/home.js';
import { cachedHelm, installHelm, parseHelmVersion, resolveHelmVersion } from './helm/install.js';
import { findInToolCache } from './helm/toolcache.js';
import { detectPlatform, type Platform } from './helm/platform.js';
import { HttpClient } from './http/client.js';
import type { Settings } from './inputs.js';
import type { Logger } from './logger.js';
import {
  locateCharts,
  readPlan,
  type ChartSource,
  type FoundChart,
  type Plan,
  type PublishJob,
} from './plan.js';
import { CredentialsRejectedError, versionKey } from './repo/chartrepo.js';
import { ClassicPublisher } from './repo/classic.js';
import { OciPublisher } from './repo/oci.js';
import { helmPushVersionFor, installHelmPush, pluginCompatibilityProblem } from './repo/plugin.js';
import type {
  ChartArchive,
  ChartDirectory,
  Inspection,
  PackagedChart,
  Publisher,
  Target,
  VerifyExpectation,
} from './repo/publisher.js';
import { Limiter, mapLimit, sleep } from './util/concurrency.js';
import { sha256 } from './util/hash.js';
import { appendTo } from './util/lists.js';

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

export type Stage =
  'pushing' | 'pushed' | 'verified' | 'unverified' | 'fetched' | 'skipped' | 'failed';

export interface ProgressEvent {
  stage: Stage;
  result: Readonly<ChartResult>;
}

export async function publish(settings: Settings, context: EngineContext): Promise<PublishOutcome> {
  const { logger } = context;
  // Plan first: every chart problem is reported before anything is downloaded or uploaded. The
  // Chart.yaml files are read once, before the first network access; when Helm needs none (see
  // atHandLocally), that is while Helm is set up and `helm package` runs.
  const located = await locateCharts(settings.charts, context.cwd);
  let planned: Promise<Plan> | undefined;
  const readThePlan = (): Promise<Plan> => (planned ??= readPlan(located, settings, context.cwd));
  const platform = context.platform ?? detectPlatform();
  if (located.problems.length > 0 || !atHandLocally(settings, platform)) await readThePlan();
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
  const closeClients = (): Promise<unknown> => Promise.all([mirrorHttp.close(), repoHttp.close()]);
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
    await firstPlanProblems(readThePlan, () => {
      checkHelmCompatibility(settings, version, pluginVersion);
    });

    const home = await createHelmHome(context.tempDir, helmVersion.major);
    context.onHome?.(home.root);
    let publisher: Publisher | undefined;
    try {
      const { helm, installation } = await firstPlanProblems(readThePlan, async () => {
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
        return { helm, installation };
      });
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
      // `helm package` starts now; the Chart.yaml files are read, and the HTTP client loaded,
      // while it runs. Nothing is sent before the plan holds. When the plugin packages the
      // charts itself, only those that need Helm's own check are packaged, once the plan says
      // which.
      const byPlugin = pluginPackages(settings, pluginVersion);
      const packaging = byPlugin
        ? readThePlan().then(
            (plan) =>
              startPackaging(
                plan.charts.filter((c) => packagedByHelm(c, true)),
                helm,
                settings,
              ),
            () => [],
          )
        : startPackaging(located.found, helm, settings);
      let plan: Plan;
      try {
        [plan] = await Promise.all([readThePlan(), settings.dryRun ? undefined : repoHttp.ready()]);
      } catch (error) {
        await packaging;
        throw error;
      }
      logger.info(
        `Plan: ${plan.charts.map((c) => `${c.name} ${c.version}`).join(', ')} → ${
          plan.namespaces.length > 0 ? `namespaces ${plan.namespaces.join(', ')}` : settings.repoUrl
        } (${settings.pushMethod})`,
      );
      const results = await runJobs(
        plan,
        () => packagedCharts(plan, packaging, settings, byPlugin),
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
      // Nothing more is sent: the connections start closing, then the home is removed.
      await Promise.all([closeClients(), removeHelmHome(home.root)]);
    }
  } finally {
    await closeClients();
  }
}

/**
 * Whether the helm-push plugin gets chart directories as they are, with the overrides as flags.
 * It packages every chart itself before uploading (a .tgz too), so a `helm package` before it is
 * work thrown away: a Helm process and its start-up. Not for helm-push 0.9.x (Helm 2: no
 * `--app-version`), `dry-run` (which packages and pushes nothing), `dependency-update` (Helm
 * fetches the dependencies as it packages), nor, chart by chart, for a chart that declares
 * dependencies: `helm package` checks that they are all under charts/, the plugin does not.
 */
function pluginPackages(settings: Settings, pluginVersion: string | undefined): boolean {
  return (
    pluginVersion !== undefined &&
    pluginCommandName(pluginVersion) === 'cm-push' &&
    !settings.dryRun &&
    !settings.dependencyUpdate
  );
}

/** Whether `helm package` makes this chart's archive: every directory the plugin does not take. */
function packagedByHelm(chart: ChartSource, byPlugin: boolean): boolean {
  return chart.kind === 'dir' && (!byPlugin || chart.declaresDependencies === true);
}

/**
 * Whether Helm, and for `plugin` helm-push, can be had without the network: an exact
 * `helm-version`, both in the tool cache, and no `dependency-update` (Helm downloads the
 * dependencies while packaging). Then Helm is set up, and packaging (unless the plugin packages
 * the charts itself) starts, before the plan is read.
 */
function atHandLocally(settings: Settings, platform: Platform): boolean {
  const requested = settings.helmVersion;
  if (settings.dependencyUpdate || requested.kind !== 'exact') return false;
  if (cachedHelm(requested.version, platform) === undefined) return false;
  if (settings.pushMethod !== 'plugin') return true;
  const major = parseHelmVersion(requested.version).major;
  const plugin = helmPushVersionFor(major, settings.helmPushVersion);
  return findInToolCache('helm-push', plugin, platform.cacheArch) !== undefined;
}

/** Runs `setUp`; if it fails, a problem with the plan is the error reported, as it came first. */
async function firstPlanProblems<T>(
  readThePlan: () => Promise<Plan>,
  setUp: () => T | Promise<T>,
): Promise<T> {
  try {
    return await setUp();
  } catch (error) {
    await readThePlan();
    throw error;
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

/** One `helm package` process: the chart directories it packaged into `destination`, or why not. */
type PackagingRun = { dirs: string[]; destination: string } | { dirs: string[]; error: unknown };

/**
 * Packages every chart directory once (the same bytes go to every namespace). The directories
 * share `helm package` processes (only the `version`/`app-version` overrides go on its command
 * line, the same for all), split over `packagingProcesses` processes. The first process starts
 * in this tick, before the Chart.yaml files are read; it never rejects: failures are recorded
 * per run (a failed shared run is retried one directory at a time, to name the culprit).
 */
function startPackaging(
  charts: ReadonlyArray<Pick<FoundChart, 'kind' | 'path'>>,
  helm: Helm,
  settings: Settings,
): Promise<PackagingRun[]> {
  const dirs = charts.filter((c) => c.kind === 'dir').map((c) => c.path);
  const processes = packagingProcesses(
    settings.parallel,
    settings.dependencyUpdate,
    availableParallelism(),
  );
  const groups = shareGroups(
    dirs,
    () => '',
    (dir) => dir,
    Math.max(1, Math.ceil(dirs.length / processes)),
  );
  const run = async (group: string[], destination: string): Promise<void> => {
    await helm.run(
      packageCommand(helm, group, destination, {
        ...(settings.version !== undefined && { version: settings.version }),
        ...(settings.appVersion !== undefined && { appVersion: settings.appVersion }),
        dependencyUpdate: settings.dependencyUpdate,
      }),
      `packaging ${group.map((dir) => path.basename(dir)).join(', ')}`,
    );
  };
  const runs = mapLimit(groups, processes, async (group, index) => {
    const destination = path.join(helm.home.workDir, 'packages', String(index));
    const done: PackagingRun[] = [];
    await sharedOrEachAlone(
      group,
      async () => {
        await run(group, destination);
        done.push({ dirs: group, destination });
      },
      async (dir, i) => {
        await run([dir], `${destination}-${String(i)}`);
        done.push({ dirs: [dir], destination: `${destination}-${String(i)}` });
      },
      (dir, error) => done.push({ dirs: [dir], error }),
    );
    return done;
  });
  return runs.then(
    (perGroup) => perGroup.flat(),
    (error: unknown) => dirs.map((dir) => ({ dirs: [dir], error })),
  );
}

/**
 * What goes out for every chart in the plan: what `helm package` made of each directory (the
 * first failure, in plan order, is thrown), each packaged chart as it is, and, when the plugin
 * packages them (`byPlugin`), the chart directories that `helm package` did not need to check.
 */
async function packagedCharts(
  plan: Plan,
  packaging: Promise<PackagingRun[]>,
  settings: Settings,
  byPlugin: boolean,
): Promise<Packages> {
  const packages: Packages = new Map();
  // What `helm package` names the archive, and what it is uploaded as.
  const archiveName = (chart: ChartSource): string => `${chart.name}-${chart.version}.tgz`;
  const add = async (chart: ChartSource, file: string): Promise<void> => {
    const bytes = await readFile(file);
    packages.set(chart, {
      kind: 'archive',
      file,
      bytes,
      digest: sha256(bytes),
      fileName: archiveName(chart),
      ...(chart.provenance !== undefined && { provenance: await readFile(chart.provenance) }),
    });
  };
  const runs = await packaging;
  const runOf = new Map(runs.flatMap((r) => r.dirs.map((dir) => [dir, r] as const)));
  // Each successful run with its charts, in plan order; the first failure in plan order throws.
  const chartsOf = new Map<string, ChartSource[]>();
  for (const chart of plan.charts) {
    if (chart.kind === 'tgz') continue;
    if (!packagedByHelm(chart, byPlugin)) {
      packages.set(chart, {
        kind: 'directory',
        dir: chart.path,
        fileName: archiveName(chart),
        ...(settings.version !== undefined && { version: settings.version }),
        ...(settings.appVersion !== undefined && { appVersion: settings.appVersion }),
      });
      continue;
    }
    const r = runOf.get(chart.path);
    if (r === undefined) throw new PublishError(`${chart.path} was not packaged`);
    if ('error' in r) throw withPackagingHint(r.error, settings);
    appendTo(chartsOf, r.destination, chart);
  }
  for (const [destination, charts] of chartsOf) {
    const produced = await chartArchivesIn(destination, charts.map(archiveName));
    for (const chart of charts) {
      const file = produced.get(archiveName(chart));
      if (file === undefined)
        throw new PublishError(`helm package produced no archive for ${chart.path}`);
      await add(chart, file);
    }
  }
  for (const chart of plan.charts) if (chart.kind === 'tgz') await add(chart, chart.path);
  return packages;
}

/**
 * How many `helm package` processes run side by side. With `dependency-update` Helm downloads,
 * so up to `parallel`; without, packaging is CPU work, mostly Helm's own start-up, so one core
 * is left to the action (its HTTP client and the index reads run meanwhile) and more processes
 * than the other cores would only add start-ups.
 */
export function packagingProcesses(
  parallel: number,
  dependencyUpdate: boolean,
  cores: number,
): number {
  return dependencyUpdate ? parallel : Math.min(parallel, Math.max(1, cores - 1));
}

/**
 * Runs a group through one shared Helm process; when that fails, runs each item alone, so that
 * every failure is put down to the item that caused it. `onError` gets each item's own error (a
 * group of one, the shared run's); it may throw to stop at the first.
 */
async function sharedOrEachAlone<T>(
  group: T[],
  together: () => Promise<void>,
  alone: (item: T, index: number) => Promise<void>,
  onError: (item: T, error: unknown) => void,
): Promise<void> {
  try {
    await together();
  } catch (error) {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      onError(only, error);
      return;
    }
    for (const [i, item] of group.entries()) {
      try {
        await alone(item, i);
      } catch (single) {
        onError(item, single);
      }
    }
  }
}

/** Adds the fix to Helm's complaint about dependencies that are not in charts/. */
function withPackagingHint(error: unknown, settings: Settings): unknown {
  const message = errorMessage(error);
  if (!/missing in charts\/ directory/.test(message) || settings.dependencyUpdate) return error;
  return new PublishError(
    `${message}: set \`dependency-update: true\` to fetch the chart's dependencies before packaging, or commit them under charts/`,
    { cause: error },
  );
}

/**
 * Splits items into groups of at most `size` that agree on `key` and never repeat `name` (one
 * Helm process handles each group). Items of one key are spread evenly over as few groups as
 * `size` allows (10 by 3: 3, 3, 2, 2, not 3, 3, 3, 1), so that no process runs much longer than
 * the others.
 */
export function shareGroups<T>(
  items: T[],
  key: (item: T) => string,
  name: (item: T) => string,
  size: number,
): T[][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) appendTo(byKey, key(item), item);
  const groups: T[][] = [];
  for (const members of byKey.values()) {
    const count = Math.ceil(members.length / size);
    let at = 0;
    for (let g = 0; g < count; g++) {
      const take = Math.floor(members.length / count) + (g < members.length % count ? 1 : 0);
      groups.push(...withDistinctNames(members.slice(at, at + take), name));
      at += take;
    }
  }
  return groups;
}

/** Splits a group further where a name repeats: one Helm process cannot take both. */
function withDistinctNames<T>(group: T[], name: (item: T) => string): T[][] {
  const split: T[][] = [];
  for (const item of group) {
    let into = split.find((g) => !g.some((other) => name(other) === name(item)));
    if (into === undefined) {
      into = [];
      split.push(into);
    }
    into.push(item);
  }
  return split;
}

type Packages = Map<ChartSource, Omit<ChartArchive, 'job'> | Omit<ChartDirectory, 'job'>>;

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

/** Queue priorities: a namespace that is further along goes first, so it finishes early. */
const PUSH = 0;
const VERIFY = 1;
const FETCH = 2;

async function runJobs(
  plan: Plan,
  packageAll: () => Promise<Packages>,
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
  for (const job of plan.jobs) {
    if (targetOf.has(job.repoUrl)) continue;
    const target = { repoUrl: job.repoUrl, namespace: job.namespace };
    targetOf.set(job.repoUrl, target);
    targets.push(target);
  }
  const jobsOf = (target: Target): PublishJob[] =>
    plan.jobs.filter((job) => job.repoUrl === target.repoUrl);

  // Phase 1: package every chart and, at the same time, look at every target before pushing
  // anything, so that a bad chart, a bad namespace, bad credentials or a version that must not
  // be replaced stop the whole run with nothing pushed.
  const inspections = new Map<Target, Inspection>();
  const inspectionErrors = new Map<Target, unknown>();
  // One read per namespace, all at once (as `helm repo update` reads every repository): nothing
  // is pushed before the last answer is in, so queueing them behind `parallel` would only hold
  // back the first push by a round trip per `parallel` namespaces. A registry is read one chart
  // at a time; those reads go `parallel` at a time.
  const reads = publisher.readsTogether
    ? targets.map((target) => ({ target, jobs: jobsOf(target) }))
    : targets.flatMap((target) => jobsOf(target).map((job) => ({ target, jobs: [job] })));
  const inspectAll = async (): Promise<void> => {
    if (settings.dryRun) return;
    const limit = publisher.readsTogether ? reads.length : settings.parallel;
    await mapLimit(reads, limit, async ({ target, jobs }) => {
      if (inspectionErrors.has(target)) return;
      try {
        const found = await publisher.inspect(target, jobs);
        if (inspectionErrors.has(target)) return;
        const earlier = inspections.get(target);
        if (earlier === undefined) inspections.set(target, found);
        else for (const [key, entry] of found.existing) earlier.existing.set(key, entry);
      } catch (error) {
        inspectionErrors.set(target, error);
        inspections.delete(target);
      }
    });
  };
  const [packaged] = await Promise.allSettled([packageAll(), inspectAll()]);
  if (packaged.status === 'rejected') throw packaged.reason;
  const packages = packaged.value;

  const states: JobState[] = plan.jobs.map((job) => {
    const target = targetOf.get(job.repoUrl);
    const pkg = packages.get(job.chart);
    if (target === undefined || pkg === undefined)
      throw new Error(`no package for ${job.chart.path}`);
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
        // The plugin packages directories itself: their digest is read from the index.
        digest: pkg.kind === 'archive' ? `sha256:${pkg.digest}` : '',
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

  const blockers: string[] = [];
  for (const target of targets) {
    const error = inspectionErrors.get(target);
    if (error === undefined) continue;
    blockers.push(errorMessage(error));
    for (const s of statesOf(target)) fail(s, error);
  }
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

  // Set-up that touches Helm's credentials (repositories file, registry login) only once every
  // target passed the check above, so bad credentials get our clear message, not Helm's.
  try {
    await prepare();
    if (settings.fetchBack) await publisher.prepareFetch(targets);
  } catch (error) {
    for (const s of states) if (s.active) fail(s, error);
    return finish();
  }

  // The first upload refused with 401 stops all later ones: every namespace gets the same
  // credentials, and retrying them only adds refusals (and may lock the account).
  let rejected: string | undefined;
  const push = async (s: JobState): Promise<void> => {
    if (rejected !== undefined) {
      fail(s, `not pushed: an earlier upload was refused with 401 (${rejected})`);
      return;
    }
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
      const after = await publisher.inspect(s.target, [s.item.job]);
      const stored = after.existing.get(versionKey(s.result.chart, s.result.version));
      if (
        stored?.digest !== undefined &&
        s.item.kind === 'archive' &&
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
      if (error instanceof CredentialsRejectedError) rejected ??= s.result.repo;
      fail(s, error);
    }
  };

  const compareFetched = (s: JobState, got: string | undefined): void => {
    if (got === undefined || `sha256:${got}` !== s.result.digest) {
      fail(
        s,
        new PublishError(
          got === undefined
            ? `fetch-back of ${s.result.chart} ${s.result.version} from ${s.result.repo} returned nothing`
            : `fetched ${s.result.chart} ${s.result.version} from ${s.result.repo} has sha256:${got}, but the repository lists ${s.result.digest}`,
        ),
      );
      return;
    }
    s.result.fetched = true;
    progress('fetched', s);
  };
  const fetchGroup = (target: Target, group: JobState[], destination: string): Promise<void> =>
    sharedOrEachAlone(
      group,
      async () => {
        const digests = await publisher.fetchBack(
          target,
          group.map((s) => s.item),
          destination,
        );
        for (const s of group) compareFetched(s, digests.get(s.item));
      },
      async (s, i) => {
        const alone = await publisher.fetchBack(target, [s.item], `${destination}-${String(i)}`);
        compareFetched(s, alone.get(s.item));
      },
      fail,
    );

  // Phases 2–4, each namespace on its own: push, verify in the index (or registry), fetch back
  // through Helm. A namespace moves on as soon as its own pushes are done, so its verification
  // and Helm pulls overlap the other namespaces' uploads; at most `parallel` requests or Helm
  // processes run at once, and later stages go first in the queue.
  const slots = new Limiter(settings.parallel);
  // Each stage catches its own errors; should anything else throw, let every namespace settle
  // before the Helm home is removed under it.
  const settled = await Promise.allSettled(
    targets.map(async (target, t) => {
      const mine = statesOf(target).filter((s) => s.active);
      await Promise.all(mine.map((s) => slots.run(PUSH, () => push(s))));
      const pushed = mine.filter((s) => s.active);
      if (settings.verify && pushed.length > 0) {
        await verifyTarget(publisher, target, pushed, settings, fail, progress, (task) =>
          slots.run(VERIFY, task),
        );
      }
      if (!settings.fetchBack) return;
      const fetchable = pushed.filter((s) => s.active && s.result.digest !== '');
      // Charts not yet fetched back: this namespace's, those still being pushed or verified,
      // and those in pulls that are still running (their slots are not free yet either). A pull
      // leaves each of its charts fetched or failed (inactive).
      const ahead = states.filter((s) => s.active && !s.result.fetched).length;
      const size = fetchGroupSize(ahead, publisher.fetchesTogether, settings.parallel);
      await Promise.all(
        shareGroups(
          fetchable,
          (s) => s.result.version,
          (s) => s.result.chart,
          size,
        ).map((group, g) =>
          slots.run(FETCH, () =>
            fetchGroup(target, group, path.join(workDir, 'fetch', `${String(t)}-${String(g)}`)),
          ),
        ),
      );
    }),
  );
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return finish();
}

/**
 * How many charts share one `helm pull` (one Helm start-up instead of one per chart): the charts
 * not yet fetched back (`ahead`: still to be pushed, verified or pulled, or in a pull that is
 * still running) spread over `parallel` pulls. Early namespaces get few large pulls while
 * uploads keep the other slots busy; the last one is split to run beside the pulls still going.
 */
export function fetchGroupSize(ahead: number, together: boolean, parallel: number): number {
  return together ? Math.max(1, Math.ceil(ahead / parallel)) : 1;
}

/**
 * One `read` of all `items` when the publisher reads a whole target per call; otherwise one call
 * per item, side by side, each under `limit`. The answers are merged.
 */
export async function readTogetherOrEach<T, K, V>(
  together: boolean,
  items: T[],
  read: (items: T[]) => Promise<Map<K, V>>,
  limit: <R>(task: () => Promise<R>) => Promise<R>,
): Promise<Map<K, V>> {
  if (together) return limit(() => read(items));
  const parts = await Promise.all(items.map((item) => limit(() => read([item]))));
  return new Map(parts.flatMap((part) => [...part]));
}

async function verifyTarget(
  publisher: Publisher,
  target: Target,
  states: JobState[],
  settings: Settings,
  fail: (s: JobState, error: unknown) => void,
  progress: (stage: Stage, s: JobState) => void,
  limit: <T>(task: () => Promise<T>) => Promise<T>,
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
      const outcomes = await readTogetherOrEach(
        publisher.readsTogether,
        expectations,
        (some) => publisher.check(target, some),
        limit,
      );
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
  await Promise.all(
    pending.map(async (s) => {
      const stored = await limit(async () => publisher.lookUpStored?.(target, s.item));
      if (stored === undefined || !storedIsOurs(s, stored.digest)) {
        fail(
          s,
          `${s.result.chart} ${s.result.version} was not verified in ${target.repoUrl} within ${settings.verifyTimeoutSeconds}s: ${seen.get(s) ?? 'not found'} (raise \`verify-timeout\` if the repository regenerates its index slowly)`,
        );
        return;
      }
      // Pushed and stored; only the index lags. Still an error: verification was asked for.
      s.result.digest = `sha256:${stored.digest}`;
      s.result.error = `${s.result.chart} ${s.result.version}: stored, not yet in index.yaml of ${target.repoUrl} after ${settings.verifyTimeoutSeconds}s (${stored.via} has it with sha256:${stored.digest}); the server regenerates index.yaml asynchronously after the upload, or a replica serves its cached index until the next rescan (ChartMuseum's cache interval): raise \`verify-timeout\`, and re-run with \`if-exists: skip\` (the chart need not be pushed again)`;
      s.active = false;
      progress('unverified', s);
    }),
  );
}

/** Whether a stored digest is what was pushed (or, when the plugin packaged it, not the old one). */
function storedIsOurs(s: JobState, digest: string): boolean {
  if (s.result.digest.startsWith('sha256:')) return s.result.digest === `sha256:${digest}`;
  return s.previousDigest === undefined || s.previousDigest !== digest;
}

function alreadyExists(s: JobState): string {
  return `${s.result.chart} ${s.result.version} already exists in ${s.result.repo}: publish a new version, or set \`if-exists\` to skip or overwrite`;
}
