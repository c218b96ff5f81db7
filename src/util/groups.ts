import { appendTo } from './lists.js';

/**
 * Groups of at most `size` sharing `key` without repeating `name`, one Helm process each, spread
 * evenly (10 by 3: 3, 3, 2, 2) so that no process runs much longer than the others.
 */
export function shareGroups<T>(
  items: T[],
  key: (item: T) => string,
  name: (item: T) => string,
  size: number,
): T[][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) appendTo(byKey, key(item), item);
  const groups: T[][] = [];
  for (const members of byKey.values()) {
    const count = Math.ceil(members.length / size);
    let at = 0;
    for (let g = 0; g < count; g++) {
      const take = Math.floor(members.length / count) + (g < members.length % count ? 1 : 0);
      groups.push(...withDistinctNames(members.slice(at, at + take), name));
      at += take;
    }
  }
  return groups;
}

/** Splits a group further where a name repeats: one Helm process cannot take both. */
function withDistinctNames<T>(group: T[], name: (item: T) => string): T[][] {
  const split: T[][] = [];
  for (const item of group) {
    let into = split.find((g) => !g.some((other) => name(other) === name(item)));
    if (into === undefined) {
      into = [];
      split.push(into);
    }
    into.push(item);
  }
  return split;
}

/**
 * Runs a group through one shared Helm process; when that fails, runs each item alone, so that
 * every failure is put down to the item that caused it. `onError` gets each item's own error.
 */
export async function sharedOrEachAlone<T>(
  group: T[],
  together: () => Promise<void>,
  alone: (item: T, index: number) => Promise<void>,
  onError: (item: T, error: unknown) => void,
): Promise<void> {
  try {
    await together();
  } catch (error) {
    const [only] = group;
    if (group.length === 1 && only !== undefined) {
      onError(only, error);
      return;
    }
    for (const [i, item] of group.entries()) {
      try {
        await alone(item, i);
      } catch (single) {
        onError(item, single);
      }
    }
  }
}
