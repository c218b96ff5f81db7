import { errorMessage } from '../errors.js';
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
  errors: Map<Target, unknown>;
}

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
  const checks: Checks = { inspections: new Map(), errors: new Map() };
  const jobsOf = (target: Target): PublishJob[] => jobs.filter((job) => job.target === target);
  const reads = publisher.readsTogether
    ? targets.map((target) => ({ target, jobs: jobsOf(target) }))
    : targets.flatMap((target) => jobsOf(target).map((job) => ({ target, jobs: [job] })));
  const limit = publisher.readsTogether ? reads.length : parallel;
  await mapLimit(reads, limit, async ({ target, jobs: some }) => {
    if (checks.errors.has(target)) return;
    try {
      const found = await publisher.inspect(target, some);
      if (checks.errors.has(target)) return;
      const earlier = checks.inspections.get(target);
      if (earlier === undefined) checks.inspections.set(target, found);
      else for (const [key, entry] of found.existing) earlier.existing.set(key, entry);
    } catch (error) {
      checks.errors.set(target, error);
      checks.inspections.delete(target);
    }
  });
  return checks;
}

/**
 * Applies the check to every job: a target that could not be read, or a version that exists
 * with `if-exists: fail`, blocks the whole run; `skip` and `overwrite` mark the job. Returns
 * the blockers (empty when pushing may start).
 */
export function applyChecks(
  jobs: Job[],
  checks: Checks,
  ifExists: IfExists,
  logger: Logger,
): string[] {
  const blockers: string[] = [];
  for (const job of jobs) {
    const error = checks.errors.get(job.target);
    if (error !== undefined) {
      if (!blockers.includes(errorMessage(error))) blockers.push(errorMessage(error));
      job.fail(error);
      continue;
    }
    const existing = checks.inspections
      .get(job.target)
      ?.existing.get(versionKey(job.result.chart, job.result.version));
    if (existing === undefined) continue;
    if (ifExists === 'fail') {
      const message = alreadyExists(job);
      blockers.push(message);
      job.fail(message);
    } else if (ifExists === 'skip') {
      logger.info(`${job.label} is already in ${job.result.repo}: skipped`);
      job.skip(existing.digest);
    } else {
      job.overwrites(existing.digest);
    }
  }
  if (blockers.length > 0) {
    for (const job of jobs) {
      if (job.result.status !== 'failed')
        job.fail(`not pushed: the pre-push check failed (${blockers[0] ?? ''})`);
    }
  }
  return blockers;
}

export function alreadyExists(job: Job): string {
  return `${job.label} already exists in ${job.result.repo}: publish a new version, or set \`if-exists\` to skip or overwrite`;
}
