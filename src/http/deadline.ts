import { PublishError } from '../errors.js';

/**
 * One total deadline over attempts, redirects and the body's last byte, since `request-timeout`
 * is an idle timeout that a server sending a byte a second never trips.
 */

/** Without a deadline of its own, a request may take this many times `request-timeout`. */
export const DEADLINE_FACTOR = 10;

export class DeadlineError extends PublishError {
  constructor(message: string) {
    super(message);
    this.name = 'DeadlineError';
  }
}

interface Destroyable {
  destroy(error?: Error): unknown;
  once(event: 'close', listener: () => void): unknown;
}

export class RequestDeadline {
  readonly #end: number;
  readonly #watched = new Set<Destroyable>();
  readonly #timer: NodeJS.Timeout;
  readonly #signal: AbortSignal | undefined;
  readonly #onAbort = (): void => this.#expire(this.#abortError());
  #error: Error | undefined;

  /** `label`: like `GET <url>`; `describe`: the message when the deadline passes. */
  constructor(
    ms: number,
    private readonly label: string,
    describe: () => string,
    signal?: AbortSignal,
  ) {
    this.#end = Date.now() + ms;
    this.#timer = setTimeout(() => this.#expire(new DeadlineError(describe())), ms);
    // An answer nobody reads must not keep the process alive.
    this.#timer.unref();
    this.#signal = signal;
    if (signal?.aborted === true) this.#error = this.#abortError();
    else signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** The error to fail with once the deadline has passed (or the signal aborted). */
  get error(): Error | undefined {
    return this.#error;
  }

  remainingMs(): number {
    return Math.max(0, this.#end - Date.now());
  }

  /** Destroys `stream` with the deadline's error if it is still open when the time is up. */
  watch(stream: Destroyable): void {
    if (this.#error !== undefined) {
      stream.destroy(this.#error);
      return;
    }
    this.#watched.add(stream);
    stream.once('close', () => this.#watched.delete(stream));
  }

  /** The answer was read (or dropped): nothing left to time. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#signal?.removeEventListener('abort', this.#onAbort);
    this.#watched.clear();
  }

  #abortError(): Error {
    const reason: unknown = this.#signal?.reason;
    const why = reason instanceof Error ? reason.message : 'stopped by the caller';
    return new DeadlineError(`${this.label}: stopped (${why})`);
  }

  #expire(error: Error): void {
    if (this.#error !== undefined) return;
    this.#error = error;
    for (const stream of this.#watched) stream.destroy(error);
    this.clear();
  }
}

/** The deadline of one request: its own, the client's, or DEADLINE_FACTOR × `request-timeout`. */
export function requestDeadline(
  method: string,
  url: string,
  options: { deadlineSeconds?: number; signal?: AbortSignal },
  client: { deadlineSeconds?: number; timeoutSeconds: number },
): RequestDeadline {
  const own = options.deadlineSeconds ?? client.deadlineSeconds;
  const seconds = own ?? DEADLINE_FACTOR * client.timeoutSeconds;
  const why =
    own !== undefined
      ? ''
      : ` (${String(DEADLINE_FACTOR)} × \`request-timeout\`: raise \`request-timeout\` if the server is just slow)`;
  return new RequestDeadline(
    Math.round(seconds * 1000),
    `${method} ${url}`,
    () =>
      `${method} ${url}: no complete answer within ${String(seconds)}s, the total deadline of a request${why}`,
    options.signal,
  );
}
