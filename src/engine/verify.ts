import { errorMessage } from '../errors.js';
import type { Target } from '../types/plan.js';
import type { Publisher, VerifyExpectation } from '../types/publisher.js';
import { sleep } from '../util/concurrency.js';
import type { Job } from './job.js';

/** Runs a task in one of the run's shared slots. */
export type Slot = <T>(task: () => Promise<T>) => Promise<T>;

const FIRST_DELAY_MS = 200;
const MAX_DELAY_MS = 5000;

/**
 * Polls the target until every job's chart, version and digest show, with backoff, until
 * `timeoutSeconds`; a job still missing then fails naming what was seen instead.
 */
export async function verifyTarget(
  publisher: Publisher,
  target: Target,
  jobs: Job[],
  timeoutSeconds: number,
  slot: Slot,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  const seen = new Map<Job, string>();
  let pending = jobs;
  for (let delay = FIRST_DELAY_MS; ; delay = Math.min(delay * 2, MAX_DELAY_MS)) {
    try {
      const outcomes = await readTogetherOrEach(
        publisher.readsTogether,
        pending.map(expectation),
        // Each look ends at the deadline too: the loop stays within `verify-timeout`.
        (some) =>
          publisher.check(target, some, AbortSignal.timeout(Math.max(1, deadline - Date.now()))),
        slot,
      );
      pending = pending.filter((job) => {
        const outcome = outcomes.get(job.outgoing);
        if (outcome?.ok === true) job.verified(outcome.digest);
        else seen.set(job, outcome?.seen ?? 'not found');
        return outcome?.ok !== true;
      });
    } catch (error) {
      // A repository that answers badly while regenerating its index gets polled again.
      // A look cut short at the deadline keeps what the last whole look saw.
      const cut = Date.now() >= deadline;
      for (const job of pending) if (!cut || !seen.has(job)) seen.set(job, errorMessage(error));
    }
    const remaining = deadline - Date.now();
    if (pending.length === 0 || remaining <= 0) break;
    // The last wait is cut short so that one more look happens right at the deadline.
    await sleep(Math.min(delay, remaining));
  }
  await Promise.all(
    pending.map(async (job) => {
      const stored = await slot(async () => publisher.lookUpStored?.(target, job.outgoing));
      if (stored !== undefined && storedIsOurs(job, stored.digest)) {
        job.unverified(
          stored.digest,
          `${job.label}: stored, not yet in index.yaml of ${target.repoUrl} after ${String(timeoutSeconds)}s (${stored.via} has it with sha256:${stored.digest}); the server regenerates index.yaml asynchronously after the upload, or a replica serves its cached index until the next rescan (ChartMuseum's cache interval): raise \`verify-timeout\`, and re-run with \`if-exists: skip\` (the chart need not be pushed again)`,
        );
        return;
      }
      job.fail(
        `${job.label} was not verified in ${target.repoUrl} within ${String(timeoutSeconds)}s: ${seen.get(job) ?? 'not found'} (raise \`verify-timeout\` if the repository regenerates its index slowly)`,
      );
    }),
  );
}

/** Whether a stored digest is what was pushed (or, when the plugin packaged it, not the old one). */
function storedIsOurs(job: Job, digest: string): boolean {
  const known = job.knownDigest;
  if (known !== undefined) return known === digest;
  return job.previousDigest === undefined || job.previousDigest !== digest;
}

/** What the repository must show for a job: our digest, or at least not the one replaced. */
function expectation(job: Job): VerifyExpectation {
  const digest = job.knownDigest;
  return {
    item: job.outgoing,
    digest,
    notDigest: digest === undefined ? job.previousDigest : undefined,
  };
}

/**
 * One `read` of all `items` when the publisher reads a whole target per call; otherwise one call
 * per item, side by side, each in a slot. The answers are merged.
 */
export async function readTogetherOrEach<T, K, V>(
  together: boolean,
  items: T[],
  read: (items: T[]) => Promise<Map<K, V>>,
  slot: Slot,
): Promise<Map<K, V>> {
  if (together) return slot(() => read(items));
  const parts = await Promise.all(items.map((item) => slot(() => read([item]))));
  return new Map(parts.flatMap((part) => [...part]));
}
