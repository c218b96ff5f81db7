import { rmSync } from 'node:fs';
import { constants } from 'node:os';

/** The signals that end a run early: Ctrl-C, a cancelled CI job, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Until disarmed, SIGINT, SIGTERM and SIGHUP remove the Helm home (credentials inside), say so and
 * exit 128 + signal, synchronously: nothing else of the run may go on once a signal is in.
 */
export function removeHomeOnSignal(
  home: () => string | undefined,
  say: (line: string) => void,
): () => void {
  const handlers = STOP_SIGNALS.map((signal) => {
    const handler = (): void => {
      const root = home();
      if (root !== undefined) rmSync(root, { recursive: true, force: true, maxRetries: 3 });
      say(
        `helm-publish: stopped by ${signal}${root !== undefined ? `; removed the Helm home ${root}` : ''}`,
      );
      process.exit(128 + constants.signals[signal]);
    };
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}
