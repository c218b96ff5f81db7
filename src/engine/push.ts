import type { Logger } from '../logger.js';
import { CredentialsRejectedError, versionKey } from '../repo/chartrepo.js';
import type { Inspection, Publisher } from '../types/publisher.js';
import type { IfExists } from '../types/settings.js';
import { alreadyExists } from './check.js';
import type { Job } from './job.js';

/**
 * The first upload refused with 401 stops all later ones: every target gets the same
 * credentials, and retrying them only adds refusals (and may lock the account).
 */
export interface Refusals {
  rejectedAt?: string;
}

/**
 * Pushes one job. A 409 means someone else pushed the version meanwhile, or our own retried
 * upload landed before its answer was lost: the same bytes in the repository make it ours.
 */
export async function pushJob(
  job: Job,
  publisher: Publisher,
  inspection: Inspection,
  ifExists: IfExists,
  logger: Logger,
  refusals: Refusals,
): Promise<void> {
  if (refusals.rejectedAt !== undefined) {
    job.notAttempted(
      `an earlier upload to ${refusals.rejectedAt} was refused with 401 (the same credentials go everywhere)`,
    );
    return;
  }
  job.startPush();
  try {
    const item = job.outgoing;
    const outcome = await publisher.push(job.target, item, inspection, ifExists === 'overwrite');
    if (outcome.kind === 'saved') {
      logger.info(`${job.label} → ${job.result.repo}: ${job.result.status}`);
      job.pushed(outcome.digest, outcome.manifestDigest);
      return;
    }
    const after = await publisher.inspect(job.target, [item.job]);
    const stored = after.existing.get(versionKey(job.result.chart, job.result.version));
    const ours = item.kind === 'archive' && !publisher.repackages && stored?.digest === item.digest;
    if (ours) {
      logger.info(`${job.label} → ${job.result.repo}: already stored with our digest`);
      job.pushed(item.digest);
    } else if (ifExists === 'skip') {
      job.skip(stored?.digest);
    } else if (ifExists === 'overwrite') {
      job.fail(
        `${job.result.repo} refused to overwrite ${job.label} (409) even when forced: allow overwrites on the server, or publish a new version`,
      );
    } else {
      job.fail(alreadyExists(job));
    }
  } catch (error) {
    if (error instanceof CredentialsRejectedError) refusals.rejectedAt ??= job.result.repo;
    job.fail(error);
  }
}
