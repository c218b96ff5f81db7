import path from 'node:path';
import { PublishError } from '../errors.js';
import type { Target } from '../types/plan.js';
import type { Publisher } from '../types/publisher.js';
import { sharedOrEachAlone, shareGroups } from '../util/groups.js';
import type { Job } from './job.js';
import type { Slot } from './verify.js';

/**
 * Pulls pushed versions back through Helm and compares SHA-256 with the listed digest; a failed
 * shared `helm pull` is retried chart by chart so the error names the chart.
 */
export async function fetchBackTarget(
  publisher: Publisher,
  target: Target,
  jobs: Job[],
  options: { groupSize: number; workDir: string; slot: Slot },
): Promise<void> {
  const fetchable = jobs.filter((job) => job.active && job.result.digest !== '');
  const groups = shareGroups(
    fetchable,
    (job) => job.result.version,
    (job) => job.result.chart,
    options.groupSize,
  );
  await Promise.all(
    groups.map((group, g) =>
      options.slot(() =>
        fetchGroup(publisher, target, group, path.join(options.workDir, String(g))),
      ),
    ),
  );
}

function fetchGroup(
  publisher: Publisher,
  target: Target,
  group: Job[],
  destination: string,
): Promise<void> {
  return sharedOrEachAlone(
    group,
    async () => {
      const digests = await publisher.fetchBack(
        target,
        group.map((job) => job.outgoing),
        destination,
      );
      for (const job of group) compareFetched(job, digests.get(job.outgoing));
    },
    async (job, i) => {
      const alone = await publisher.fetchBack(
        target,
        [job.outgoing],
        `${destination}-${String(i)}`,
      );
      compareFetched(job, alone.get(job.outgoing));
    },
    (job, error) => {
      job.fail(error);
    },
  );
}

function compareFetched(job: Job, got: string | undefined): void {
  if (got !== undefined && `sha256:${got}` === job.result.digest) {
    job.fetched();
    return;
  }
  job.fail(
    new PublishError(
      got === undefined
        ? `fetch-back of ${job.label} from ${job.result.repo} returned nothing`
        : `fetched ${job.label} from ${job.result.repo} has sha256:${got}, but the repository lists ${job.result.digest}`,
    ),
  );
}

/**
 * How many charts share one `helm pull`: the charts not yet fetched back (`ahead`) spread over
 * `parallel` pulls, so early targets get few large pulls and the last is split to run beside them.
 */
export function fetchGroupSize(ahead: number, together: boolean, parallel: number): number {
  return together ? Math.max(1, Math.ceil(ahead / parallel)) : 1;
}
