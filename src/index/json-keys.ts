/**
 * JSON.parse silently keeps the last duplicated key, but Helm 3.8's strict decoder refuses the
 * index ("key … already set in map"); one linear pass finds the first repeat within an object.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;

export function duplicateJsonKey(text: string): { key: string; line: number } | undefined {
  const objects: (Set<string> | undefined)[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) line++;
    else if (c === 0x7b) objects.push(new Set());
    else if (c === 0x5b) objects.push(undefined);
    else if (c === 0x7d || c === 0x5d) objects.pop();
    else if (c === QUOTE) {
      const start = i;
      let escaped = false;
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) {
          escaped = true;
          i++;
        }
      }
      const keys = objects.at(-1);
      if (keys === undefined || !isKey(text, i + 1)) continue;
      const raw = text.slice(start, i + 1);
      const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (keys.has(key)) return { key, line };
      keys.add(key);
    }
  }
  return undefined;
}

/** Whether the string that ended before `at` is followed by `:` (an object key). */
function isKey(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return text.charCodeAt(i) === 0x3a;
}
