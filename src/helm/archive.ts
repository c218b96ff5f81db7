import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Checksum files and the chart archives Helm writes. Tool archives are audited and unpacked by
 * archive-audit.ts, unpack.ts and zip.ts.
 */

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * The archives Helm wrote into `dir`, keyed by `<name>-<version>.tgz`; missing ones left out.
 * Helm names a pulled file after its URL, so one chart asked and one archive found is a match.
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
