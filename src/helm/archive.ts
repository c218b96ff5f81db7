import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { PublishError } from '../errors.js';

/**
 * Archive handling for downloads: checksum files and extraction that refuses entries escaping
 * the target (`..`, absolute paths, links pointing outside) instead of silently rewriting them.
 */

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Finds the chart archives Helm wrote into `dir` (by `helm package` or `helm pull`), keyed by
 * the `<name>-<version>.tgz` each chart should have. Helm names a pulled file after its URL, so
 * when one chart was asked for and one archive is there, that archive is it whatever its name.
 * Missing charts are left out of the result.
 */
export async function chartArchivesIn(
  dir: string,
  expected: string[],
): Promise<Map<string, string>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.tgz'));
  const found = new Map<string, string>();
  for (const name of expected) {
    const file =
      expected.length === 1 && files.length === 1 ? files[0] : files.find((f) => f === name);
    if (file !== undefined) found.set(name, path.join(dir, file));
  }
  return found;
}

/**
 * Finds the digest for `fileName` in a checksum file: `sha256sum` lines (`<hex>  <name>`,
 * goreleaser's checksums.txt) or a bare `<hex>` (`.sha256`, only when `allowBare`).
 */
export function parseChecksumFile(
  text: string,
  fileName: string,
  allowBare: boolean,
): string | undefined {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  for (const line of lines) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(line);
    if (m && path.posix.basename(m[2]?.trim() ?? '') === fileName) return m[1]?.toLowerCase();
  }
  if (allowBare && lines.length === 1) {
    const only = lines[0]?.toLowerCase() ?? '';
    if (HEX64.test(only)) return only;
  }
  return undefined;
}

export function isUnsafeEntryPath(entryPath: string): boolean {
  const normalized = entryPath.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) return true;
  return normalized.split('/').includes('..');
}

function linkEscapes(entryPath: string, linkPath: string, hard: boolean): boolean {
  if (isUnsafeEntryPath(linkPath) && (linkPath.startsWith('/') || /^[A-Za-z]:/.test(linkPath)))
    return true;
  // Hard links name a path from the archive root; symlinks resolve from the entry's folder.
  const base = hard ? '.' : path.posix.dirname(entryPath.replace(/\\/g, '/'));
  const resolved = path.posix.normalize(path.posix.join(base, linkPath.replace(/\\/g, '/')));
  return resolved === '..' || resolved.startsWith('../') || resolved.startsWith('/');
}

/** Lists the problems that make an archive unsafe to extract; empty when it is fine. */
export async function auditTarGz(file: string): Promise<string[]> {
  const problems: string[] = [];
  // tar is loaded on first use: warm runs (Helm already cached) never need it.
  const tar = await import('tar');
  await tar.t({
    file,
    strict: true,
    onReadEntry: (entry) => {
      const p = entry.path;
      if (isUnsafeEntryPath(p)) problems.push(`entry "${p}" points outside the archive`);
      const type = entry.type;
      if (type === 'SymbolicLink' || type === 'Link') {
        if (linkEscapes(p, entry.linkpath ?? '', type === 'Link')) {
          problems.push(`link "${p}" -> "${entry.linkpath ?? ''}" points outside the archive`);
        }
      } else if (!['File', 'OldFile', 'ContiguousFile', 'Directory'].includes(type)) {
        problems.push(`entry "${p}" has unsupported type ${type}`);
      }
      entry.resume();
    },
  });
  return problems;
}

/** Extracts a .tar.gz after auditing every entry; refuses the whole archive on any problem. */
export async function extractTarGzSafely(file: string, dest: string, what: string): Promise<void> {
  let problems: string[];
  try {
    problems = await auditTarGz(file);
  } catch (error) {
    throw new PublishError(
      `${what} is not a readable .tar.gz archive: ${(error as Error).message}`,
    );
  }
  if (problems.length > 0) {
    throw new PublishError(`refusing to extract ${what}: ${problems.slice(0, 3).join('; ')}`);
  }
  await mkdir(dest, { recursive: true });
  const tar = await import('tar');
  await tar.x({ file, cwd: dest, strict: true, preserveOwner: false });
}
