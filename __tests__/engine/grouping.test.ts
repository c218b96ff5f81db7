// How charts are split over Helm processes: shared `helm package` / `helm pull` runs.
import { describe, expect, it } from 'vitest';
import { fetchGroupSize } from '../../src/engine/fetch-back.js';
import { packagingProcesses } from '../../src/engine/packaging.js';
import { readTogetherOrEach } from '../../src/engine/verify.js';
import { Limiter } from '../../src/util/concurrency.js';
import { shareGroups } from '../../src/util/groups.js';

interface Item {
  name: string;
  version: string;
}
const item = (name: string, version = '1.0.0'): Item => ({ name, version });
const names = (groups: Item[][]): string[][] => groups.map((g) => g.map((i) => i.name));
const split = (items: Item[], size: number): string[][] =>
  names(
    shareGroups(
      items,
      (i) => i.version,
      (i) => i.name,
      size,
    ),
  );

describe('shareGroups', () => {
  it('keeps groups within `size`, in order', () => {
    expect(
      split(
        ['a', 'b', 'c', 'd', 'e'].map((n) => item(n)),
        2,
      ),
    ).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('never mixes keys (versions) and never repeats a name', () => {
    expect(
      split([item('a'), item('b', '2.0.0'), item('c'), item('a'), item('d', '2.0.0')], 9),
    ).toEqual([['a', 'c'], ['a'], ['b', 'd']]);
  });

  it('spreads a key evenly over the fewest groups `size` allows', () => {
    const ten = 'abcdefghij'.split('').map((n) => item(n));
    expect(split(ten, 3).map((g) => g.length)).toEqual([3, 3, 2, 2]);
    expect(split(ten, 8).map((g) => g.length)).toEqual([5, 5]);
    expect(split(ten, 10).map((g) => g.length)).toEqual([10]);
    expect(split(ten, 3).flat()).toEqual('abcdefghij'.split(''));
  });

  it('size 1: one item per group', () => {
    expect(split([item('a'), item('b')], 1)).toEqual([['a'], ['b']]);
  });
});

describe('fetchGroupSize', () => {
  // The charts not yet fetched back are spread over `parallel` pulls.
  it.each([
    [50, 4, 13],
    [10, 4, 3],
    [10, 1, 10],
    [1, 4, 1],
  ])('%i charts over %i pulls: %i a pull', (charts, parallel, size) => {
    expect(fetchGroupSize(charts, true, parallel)).toBe(size);
  });

  it('one chart per pull where the publisher cannot share (OCI)', () => {
    expect(fetchGroupSize(50, false, 1)).toBe(1);
  });
});

describe('packagingProcesses', () => {
  it('leaves one core to the action and never exceeds `parallel`', () => {
    expect(packagingProcesses(4, false, 2)).toBe(1);
    expect(packagingProcesses(4, false, 4)).toBe(3);
    expect(packagingProcesses(2, false, 16)).toBe(2);
    expect(packagingProcesses(4, false, 1)).toBe(1);
  });

  it('with `dependency-update` (downloads), up to `parallel` whatever the cores', () => {
    expect(packagingProcesses(4, true, 2)).toBe(4);
    expect(packagingProcesses(1, true, 8)).toBe(1);
  });
});

describe('readTogetherOrEach', () => {
  /** A read that records its calls and how many ran at the same moment. */
  const recorder = () => {
    const calls: string[][] = [];
    let active = 0;
    let most = 0;
    const read = async (items: string[]): Promise<Map<string, number>> => {
      calls.push(items);
      active++;
      most = Math.max(most, active);
      await new Promise((resolve) => setImmediate(resolve));
      active--;
      return new Map(items.map((i) => [i, i.length]));
    };
    return { calls, read, most: () => most };
  };

  it('reads a whole target in one call', async () => {
    const r = recorder();
    const slots = new Limiter(4);
    const got = await readTogetherOrEach(true, ['a', 'bb'], r.read, (t) => slots.run(1, t));
    expect(r.calls).toEqual([['a', 'bb']]);
    expect(got).toEqual(
      new Map([
        ['a', 1],
        ['bb', 2],
      ]),
    );
  });

  it('reads one item per call, side by side up to the limit, and merges the answers', async () => {
    const r = recorder();
    const slots = new Limiter(2);
    const got = await readTogetherOrEach(false, ['a', 'bb', 'ccc'], r.read, (t) => slots.run(1, t));
    expect(r.calls).toEqual([['a'], ['bb'], ['ccc']]);
    expect(r.most()).toBe(2);
    expect(got).toEqual(
      new Map([
        ['a', 1],
        ['bb', 2],
        ['ccc', 3],
      ]),
    );
  });
});
