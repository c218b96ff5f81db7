import path from 'node:path';
import type { Logger } from '../logger.js';
import type { Plan, Target } from '../types/plan.js';
import type { Publisher } from '../types/publisher.js';
import type { ChartResult, ProgressEvent } from '../types/result.js';
import type { Settings } from '../types/settings.js';
import { Limiter } from '../util/concurrency.js';
import { applyChecks, checkTargets, noChecks, type Checks } from './check.js';
import { fetchBackTarget, fetchGroupSize } from './fetch-back.js';
import { Job } from './job.js';
import type { Packages } from './packaging.js';
import { pushJob, type Refusals } from './push.js';
import { reportedStep } from './steps.js';
import { verifyTarget } from './verify.js';

export interface PipelineContext {
  settings: Settings;
  publisher: Publisher;
  logger: Logger;
  /** Scratch folder of the run (fetched-back archives go below it). */
  workDir: string;
  onProgress?: (event: ProgressEvent) => void;
  /** A live display shows each job: per-push lines go to debug, no heartbeat. */
  live?: boolean;
  /** The heartbeat interval while a namespace verifies or fetches back (0: none). */
  heartbeatMs?: number;
  /** The clock for each job's own `seconds`. */
  now?: () => number;
}

/** Queue priorities: a target that is further along goes first, so that it finishes early. */
const PUSH = 0;
const VERIFY = 1;
const FETCH = 2;

/**
 * package ∥ check every target → apply `if-exists` → prepare → per target: push → verify →
 * fetch back. Nothing is pushed anywhere unless every target passed its check.
 */
export async function runPipeline(
  plan: Plan,
  packaging: Promise<Packages>,
  context: PipelineContext,
): Promise<ChartResult[]> {
  const { settings, publisher, logger } = context;
  const jobs = plan.jobs.map(
    (job) => new Job(job, settings.dryRun, (e) => context.onProgress?.(e), context.now),
  );
  const checking = settings.dryRun
    ? Promise.resolve(noChecks())
    : checkTargets(publisher, plan.targets, plan.jobs, settings.parallel);
  const [packaged, checked] = await Promise.allSettled([packaging, checking]);
  if (packaged.status === 'rejected') throw packaged.reason;
  const checks = checked.status === 'fulfilled' ? checked.value : noChecks();
  for (const job of jobs) {
    const pkg = packaged.value.get(job.job.chart);
    if (pkg === undefined) throw new Error(`no package for ${job.job.chart.path}`);
    job.item = { ...pkg, job: job.job };
    if (pkg.kind === 'archive' && !publisher.repackages) job.setDigest(pkg.digest);
  }
  const prepare = (): Promise<void> =>
    publisher.prepare(plan.targets, { fetchBack: settings.fetchBack, dryRun: settings.dryRun });
  if (settings.dryRun) {
    await prepare();
    logger.info('dry-run: nothing was pushed');
    return jobs.map((job) => job.finish());
  }
  if (applyChecks(jobs, checks, settings.ifExists, logger).length > 0) {
    return jobs.map((job) => job.finish());
  }
  // Helm's credentials (repositories file, registry login) are set up only once every target
  // passed its check, so that bad credentials get our clear message rather than Helm's.
  try {
    await prepare();
  } catch (error) {
    for (const job of jobs) if (job.active) job.fail(error);
    return jobs.map((job) => job.finish());
  }
  const slots = new Limiter(settings.parallel);
  const refusals: Refusals = {};
  // Each stage catches its own errors; anything else waits for every target to settle, so that
  // the Helm home is not removed under a running stage.
  const settled = await Promise.allSettled(
    plan.targets.map((target, t) =>
      runTarget(
        target,
        jobs,
        checks,
        { slots, refusals },
        {
          ...context,
          workDir: path.join(context.workDir, 'fetch', String(t)),
        },
      ),
    ),
  );
  for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
  return jobs.map((job) => job.finish());
}

/** One target on its own: push, verify, fetch back; it moves on as soon as its pushes are done. */
async function runTarget(
  target: Target,
  all: Job[],
  checks: Checks,
  shared: { slots: Limiter; refusals: Refusals },
  context: PipelineContext,
): Promise<void> {
  const { slots, refusals } = shared;
  const { settings, publisher } = context;
  // With a live display the job's line says it; the log would repeat it.
  const logger =
    context.live === true
      ? { ...context.logger, info: (m: string) => context.logger.debug(m) }
      : context.logger;
  const inspection = checks.inspections.get(target) ?? { existing: new Map() };
  const mine = all.filter((job) => job.target === target && job.active);
  await Promise.all(
    mine.map((job) =>
      slots.run(PUSH, () =>
        pushJob(job, publisher, inspection, settings.ifExists, logger, refusals),
      ),
    ),
  );
  const pushed = mine.filter((job) => job.active);
  const where = target.namespace === '' ? target.repoUrl : target.namespace;
  const steps = { ...context, ...(context.live === true && { heartbeatMs: 0 }) };
  if (settings.verify && pushed.length > 0) {
    const timeout = `\`verify-timeout\` ${String(settings.verifyTimeoutSeconds)}s`;
    await reportedStep(
      steps,
      'verify',
      where,
      pushed,
      () =>
        verifyTarget(publisher, target, pushed, settings.verifyTimeoutSeconds, (task) =>
          slots.run(VERIFY, task),
        ),
      timeout,
    );
  }
  const fetchable = pushed.filter((job) => job.active);
  if (!settings.fetchBack || fetchable.length === 0) return;
  // Charts not yet fetched back anywhere: being pushed, verified, or in a pull still running.
  const ahead = all.filter((job) => job.active && !job.result.fetched).length;
  await reportedStep(steps, 'fetch-back', where, fetchable, () =>
    fetchBackTarget(publisher, target, fetchable, {
      groupSize: fetchGroupSize(ahead, publisher.fetchesTogether, settings.parallel),
      workDir: context.workDir,
      slot: (task) => slots.run(FETCH, task),
    }),
  );
}
