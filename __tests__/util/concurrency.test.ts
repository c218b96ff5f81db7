// The run-wide limiter: never more than `limit` tasks at once, later stages first, a failing
// task gives its slot back.
import { describe, expect, it } from 'vitest';
import { Limiter, mapLimit } from '../../src/util/concurrency.js';

/** A task that stays running until released, recording when it started. */
function gate(log: string[], name: string): { task: () => Promise<string>; open: () => void } {
  let open: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (open = resolve));
  return {
    task: async () => {
      log.push(name);
      await released;
      return name;
    },
    open: () => {
      open();
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('Limiter', () => {
  it('runs at most `limit` tasks at once', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        limiter.run(0, async () => {
          running++;
          peak = Math.max(peak, running);
          await new Promise((r) => setTimeout(r, (i % 3) * 2));
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(running).toBe(0);
  });

  it('starts waiting tasks by priority, then first come first served', async () => {
    const limiter = new Limiter(1);
    const log: string[] = [];
    const first = gate(log, 'first');
    const quick = (name: string) => (): Promise<void> => {
      log.push(name);
      return Promise.resolve();
    };
    const all = [
      limiter.run(0, first.task),
      limiter.run(0, quick('push-1')),
      limiter.run(2, quick('fetch')),
      limiter.run(0, quick('push-2')),
      limiter.run(1, quick('verify')),
    ];
    await tick();
    expect(log).toEqual(['first']);
    first.open();
    await Promise.all(all);
    expect(log).toEqual(['first', 'fetch', 'verify', 'push-1', 'push-2']);
  });

  it('a failing task gives its slot to the next', async () => {
    const limiter = new Limiter(1);
    const failing = limiter.run(0, () => Promise.reject(new Error('boom')));
    const next = limiter.run(0, () => Promise.resolve('ran'));
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});

describe('mapLimit', () => {
  it('keeps the order of results', async () => {
    const out = await mapLimit([30, 10, 20], 2, async (ms, i) => {
      await new Promise((r) => setTimeout(r, ms / 10));
      return i;
    });
    expect(out).toEqual([0, 1, 2]);
  });
});
