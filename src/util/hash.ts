import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * SHA-256 of a file, read whole: chart archives are small, and a 64 KiB stream buffer per file
 * set off a full garbage collection at the end of a fan-out (docs/adr/README.md).
 */
export async function sha256File(file: string): Promise<string> {
  return sha256(await readFile(file));
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function shortDigest(digest: string): string {
  const hex = digest.startsWith('sha256:') ? digest.slice('sha256:'.length) : digest;
  return hex.slice(0, 12);
}
