/** Runs `worker` over `items` with at most `limit` running at once; keeps result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  worker: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await worker(items[index] as T, index);
    }
  };
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, run);
  await Promise.all(runners);
  return results;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * At most `limit` tasks at once, shared by every stage of a run. Waiting tasks start by
 * priority (highest first), then in the order they came.
 */
export class Limiter {
  #running = 0;
  readonly #waiting: { priority: number; start: () => void }[] = [];

  constructor(readonly limit: number) {}

  async run<T>(priority: number, task: () => Promise<T>): Promise<T> {
    if (this.#running < this.limit) {
      this.#running++;
    } else {
      await new Promise<void>((start) => {
        const at = this.#waiting.findIndex((w) => w.priority < priority);
        const waiter = { priority, start };
        if (at === -1) this.#waiting.push(waiter);
        else this.#waiting.splice(at, 0, waiter);
      });
    }
    try {
      return await task();
    } finally {
      // The slot passes straight to the next task, or is given back.
      const next = this.#waiting.shift();
      if (next !== undefined) next.start();
      else this.#running--;
    }
  }
}
