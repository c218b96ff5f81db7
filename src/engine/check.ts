import type { Logger } from '../logger.js';
import { versionKey } from '../repo/chartrepo.js';
import type { PublishJob, Target } from '../types/plan.js';
import type { Inspection, Publisher } from '../types/publisher.js';
import type { IfExists } from '../types/settings.js';
import { mapLimit } from '../util/concurrency.js';
import type { Job } from './job.js';

/** What the check before pushing found: per target, what it holds, or why it could not be read. */
export interface Checks {
  inspections: Map<Target, Inspection>;
  /**
   * Why a read failed, per job it covered: an index read covers every chart of its target, a
   * registry read one chart, so that each error stays with the chart (and URL) it is about.
   */
  errors: Map<PublishJob, unknown>;
  /** Targets with a failed read; their other charts are not read (a 401 is not repeated). */
  failed: Set<Target>;
}

export const noChecks = (): Checks => ({
  inspections: new Map(),
  errors: new Map(),
  failed: new Set(),
});

/**
 * Looks at every target before anything is pushed. A repository index is read once per target,
 * all targets at once; a registry is read one chart at a time, `parallel` at a time.
 */
export async function checkTargets(
  publisher: Publisher,
  targets: Target[],
  jobs: PublishJob[],
  parallel: number,
): Promise<Checks> {
  const checks = noChecks();
  const jobsOf = (target: Target): PublishJob[] => jobs.filter((job) => job.target === target);
  const reads = publisher.readsTogether
    ? targets.map((target) => ({ target, jobs: jobsOf(target) }))
    : targets.flatMap((target) => jobsOf(target).map((job) => ({ target, jobs: [job] })));
  const limit = publisher.readsTogether ? reads.length : parallel;
  await mapLimit(reads, limit, async ({ target, jobs: some }) => {
    if (checks.failed.has(target)) return;
    try {
      const found = await publisher.inspect(target, some);
      if (checks.failed.has(target)) return;
      const earlier = checks.inspections.get(target);
      if (earlier === undefined) checks.inspections.set(target, found);
      else for (const [key, entry] of found.existing) earlier.existing.set(key, entry);
    } catch (error) {
      for (const job of some) checks.errors.set(job, error);
      checks.failed.add(target);
      checks.inspections.delete(target);
    }
  });
  return checks;
}

/**
 * An unreadable target or an existing version with `if-exists: fail` blocks the whole run (jobs
 * become `not-attempted`, naming the first blocker); `skip` and `overwrite` only mark the job.
 */
export function applyChecks(
  jobs: Job[],
  checks: Checks,
  ifExists: IfExists,
  logger: Logger,
): string[] {
  const blockers: string[] = [];
  const block = (blocker: string): void => {
    if (!blockers.includes(blocker)) blockers.push(blocker);
  };
  for (const job of jobs) {
    const error = checks.errors.get(job.job);
    if (error !== undefined) {
      job.fail(error);
      block(`the pre-push check of ${job.where} failed`);
      continue;
    }
    // Not read: an earlier read of its target failed; it is not attempted below.
    if (checks.failed.has(job.target)) continue;
    const existing = checks.inspections
      .get(job.target)
      ?.existing.get(versionKey(job.result.chart, job.result.version));
    if (existing === undefined) continue;
    if (ifExists === 'fail') {
      job.fail(alreadyExists(job));
      block(`${job.label} already exists in ${job.where}`);
    } else if (ifExists === 'skip') {
      logger.info(`${job.label} is already in ${job.result.repo}: skipped`);
      job.skip(existing.digest);
    } else {
      job.overwrites(existing.digest);
    }
  }
  if (blockers.length > 0) {
    const first = blockers[0] ?? '';
    const more = blockers.length > 1 ? ` (and ${String(blockers.length - 1)} more)` : '';
    for (const job of jobs) {
      if (job.result.status !== 'failed' && job.result.status !== 'skipped')
        job.notAttempted(`${first}${more}; nothing is pushed unless every check passes`);
    }
  }
  return blockers;
}

export function alreadyExists(job: Job): string {
  return `${job.label} already exists in ${job.result.repo}: publish a new version, or set \`if-exists\` to skip or overwrite`;
}
