/**
 * List inputs accept newlines and/or commas; blank items and `#` comment lines are ignored.
 */
export function parseList(value: string): string[] {
  const items: string[] = [];
  for (const line of value.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    for (const part of trimmed.split(',')) {
      const item = part.trim();
      if (item !== '') items.push(item);
    }
  }
  return items;
}

const TRUE_VALUES = new Set(['true', 'True', 'TRUE']);
const FALSE_VALUES = new Set(['false', 'False', 'FALSE']);

/** YAML 1.2 core schema booleans, as `core.getBooleanInput` accepts them. */
export function parseBoolean(value: string): boolean | undefined {
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return undefined;
}

/** Appends `item` to the list `map` holds under `key`, starting the list if there is none. */
export function appendTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}
