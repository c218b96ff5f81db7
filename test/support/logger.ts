import type { Logger } from '../../src/logger.js';

/** A logger for tests that keeps every info, warning and error line in `lines`. */
export function recordingLogger(lines: string[]): Logger {
  return {
    info: (m) => lines.push(m),
    debug: () => undefined,
    warning: (m) => lines.push(m),
    error: (m) => lines.push(m),
    setSecret: () => undefined,
    group: (_n, fn) => fn(),
  };
}
