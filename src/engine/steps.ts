import type { Logger } from '../logger.js';
import type { ProgressEvent, TargetEvent } from '../types/result.js';
import type { Job } from './job.js';

/** How often a step still running says so: CI logs show nothing else while Helm or polls wait. */
export const HEARTBEAT_MS = 10_000;

export interface StepContext {
  logger: Logger;
  onProgress?: (event: ProgressEvent) => void;
  /** 0 turns the heartbeat off (a terminal display shows the time itself). */
  heartbeatMs?: number;
  now?: () => number;
}

const WORDS: Record<TargetEvent['step'], { doing: string; noun: string; done: string }> = {
  verify: { doing: 'verifying', noun: 'verification', done: 'verified' },
  'fetch-back': { doing: 'fetching back', noun: 'fetch-back', done: 'fetched back' },
};

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/**
 * Runs one namespace's verification or fetch-back with a log line at its start and end, and a
 * heartbeat every `heartbeatMs` while it runs (what, where, for how long, and the limit).
 */
export async function reportedStep(
  context: StepContext,
  step: TargetEvent['step'],
  where: string,
  jobs: Job[],
  run: () => Promise<void>,
  limit?: string,
): Promise<void> {
  const now = context.now ?? Date.now;
  const started = now();
  const words = WORDS[step];
  const what = `${String(jobs.length)} chart${jobs.length === 1 ? '' : 's'}`;
  const bound = limit !== undefined ? ` of ${limit}` : '';
  const emit = (phase: TargetEvent['phase']): number => {
    const elapsed = now() - started;
    context.onProgress?.({
      stage: 'target',
      step,
      phase,
      where,
      charts: jobs.length,
      seconds: Math.round(elapsed / 100) / 10,
    });
    return elapsed;
  };
  context.logger.info(
    `${where}: ${words.doing} ${what}${limit !== undefined ? ` (up to ${limit})` : ''}`,
  );
  emit('start');
  const interval = context.heartbeatMs ?? HEARTBEAT_MS;
  const timer =
    interval > 0
      ? setInterval(() => {
          const elapsed = emit('waiting');
          context.logger.info(
            `${where}: still ${words.doing} ${what}, ${seconds(elapsed)}${bound}`,
          );
        }, interval)
      : undefined;
  timer?.unref();
  try {
    await run();
  } finally {
    clearInterval(timer);
    const elapsed = emit('end');
    const done = jobs.filter((job) =>
      step === 'verify' ? job.result.verified : job.result.fetched,
    ).length;
    context.logger.info(
      `${where}: ${words.noun} done in ${seconds(elapsed)}, ${String(done)} of ${what} ${words.done}`,
    );
  }
}
