import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * `charts` globs matched as Node 24's `fs.glob` does, by hand because Node 22 has it only as an
 * experiment that warns on every run (rules in docs/ARCHITECTURE.md).
 */

const WINDOWS = process.platform === 'win32';
const NO_CASE = WINDOWS || process.platform === 'darwin';
const MAGIC = /[*?[\]]/;

/** Absolute paths of everything the pattern names that exists, in a stable order. */
export async function expandGlob(pattern: string, cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const expanded of expandBraces(pattern)) {
    const root = path.isAbsolute(expanded) ? path.parse(expanded).root : '';
    const segments = expanded
      .slice(root.length)
      .split(WINDOWS ? /[\\/]+/ : /\/+/)
      .filter((s) => s !== '' && s !== '.');
    await walk(root !== '' ? root : cwd, segments, found);
  }
  return [...found].sort();
}

/** `a{b,c{d,e}}f` → `abf`, `acdf`, `acef`; braces without a comma stay as written. */
export function expandBraces(pattern: string): string[] {
  let depth = 0;
  let open = -1;
  const commas: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\' && !WINDOWS) i++;
    else if (c === '{' && depth++ === 0) open = i;
    else if (c === ',' && depth === 1) commas.push(i);
    else if (c === '}' && depth > 0 && --depth === 0) {
      if (commas.length === 0) continue;
      const head = pattern.slice(0, open);
      const tail = pattern.slice(i + 1);
      const starts = [open, ...commas];
      const ends = [...commas, i];
      return starts.flatMap((start, k) =>
        expandBraces(`${head}${pattern.slice(start + 1, ends[k])}${tail}`),
      );
    }
  }
  return [pattern];
}

/** One path segment as a regular expression; undefined when it has no wildcard. */
export function segmentPattern(segment: string): RegExp | undefined {
  if (!MAGIC.test(segment)) return undefined;
  let source = segment.startsWith('.') ? '' : '(?!\\.)';
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charAt(i);
    if (c === '\\' && !WINDOWS && i + 1 < segment.length) source += escape(segment.charAt(++i));
    else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) {
        source += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      source += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else source += escape(c);
  }
  return new RegExp(`^${source}$`, NO_CASE ? 'i' : '');
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

async function walk(dir: string, segments: string[], found: Set<string>): Promise<void> {
  const [segment, ...rest] = segments;
  if (segment === undefined) {
    if (await exists(dir)) found.add(dir);
    return;
  }
  if (segment === '**') {
    await walk(dir, rest, found);
    for (const entry of await list(dir)) {
      if (entry.isDirectory() && !entry.name.startsWith('.'))
        await walk(path.join(dir, entry.name), segments, found);
    }
    return;
  }
  const matcher = segmentPattern(segment);
  if (matcher === undefined) {
    await walk(path.join(dir, segment), rest, found);
    return;
  }
  for (const entry of await list(dir)) {
    if (matcher.test(entry.name)) await walk(path.join(dir, entry.name), rest, found);
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch {
    return false;
  }
}

async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    // Not a folder, or unreadable: it matches nothing below it.
    return [];
  }
}
