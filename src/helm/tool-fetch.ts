import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { chmod, lstat, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PublishError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { NotFoundError, downloadStream, downloadToFile } from '../http/download.js';
import { isUnsafeEntryPath, type ArchiveLimits } from './archive-audit.js';
import { cacheAtomically } from './toolcache.js';
import { placeLinks, tarGzUnpacker } from './unpack.js';
import { unpackZip } from './zip.js';

/**
 * One pass of download, hash and unpack into private staging; only verified files enter the cache,
 * with a record of their hashes so that a pinned checksum can be held against them later.
 */

/** Written into each cache entry; a dotfile so that the plugin's folder links skip it. */
export const ORIGIN_FILE = '.helm-publish-origin.json';

export interface Origin {
  archive: string;
  sha256: string;
  files: Record<string, string>;
}

export interface ToolDownload {
  tool: string;
  version: string;
  cacheArch: string;
  url: string;
  /** The archive's file name. */
  archive: string;
  format: 'tar.gz' | 'zip';
  /** The digest to verify against: a pinned one, or one being fetched from the mirror. */
  expected: Promise<string>;
  /** Says where the expected digest came from, after it in the mismatch error. */
  expectedFrom: string;
  want: (entry: string) => boolean;
  /** Files the archive must have; made executable (0755). */
  executables: string[];
  http: HttpClient;
  /** Where a .zip is downloaded to before it is read (zip needs random access). */
  tempDir: string;
  /** The error for a 404 of the archive. */
  notFound: string;
  limits?: { archiveBytes?: number; archive?: ArchiveLimits };
}

function isOrigin(value: unknown): value is Origin {
  if (value === null || typeof value !== 'object') return false;
  const o = value as Record<string, unknown>;
  return (
    typeof o.sha256 === 'string' &&
    typeof o.archive === 'string' &&
    o.files !== null &&
    typeof o.files === 'object' &&
    Object.values(o.files).every((v) => typeof v === 'string')
  );
}

export async function readOrigin(dir: string): Promise<Origin | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, ORIGIN_FILE), 'utf8')) as unknown;
    return isOrigin(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

async function hashRegularFile(file: string): Promise<string | undefined> {
  try {
    if (!(await lstat(file)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/**
 * Why a cached entry cannot be proven to come from the archive with SHA-256 `pinned` (undefined
 * when its record names that archive and every recorded file, `required` too, is unchanged).
 */
export async function originProblem(
  dir: string,
  pinned: string,
  required: string[],
): Promise<string | undefined> {
  const origin = await readOrigin(dir);
  if (origin === undefined) return 'it has no record of the archive it came from';
  if (origin.sha256 !== pinned) return `it came from an archive with sha256 ${origin.sha256}`;
  for (const file of required) {
    if (!(file in origin.files)) return `it has no record of ${file}`;
  }
  for (const [file, digest] of Object.entries(origin.files)) {
    if (isUnsafeEntryPath(file)) return `its record names ${file}`;
    if ((await hashRegularFile(path.join(dir, file))) !== digest) {
      return `${file} changed after it was verified`;
    }
  }
  return undefined;
}

/** Streams, verifies and unpacks the archive into `staging`; returns its SHA-256 and files. */
async function unpackVerified(
  d: ToolDownload,
  staging: string,
  expected: Promise<string>,
  signal: AbortSignal,
): Promise<{ sha256: string; files: Map<string, string> }> {
  const options = { signal, maxBytes: d.limits?.archiveBytes };
  const what = d.archive;
  const verify = async (sha256: string): Promise<void> => {
    const want = await expected;
    if (sha256 !== want) {
      throw new PublishError(
        `checksum mismatch for ${d.archive}: expected sha256 ${want}${d.expectedFrom}, got ${sha256}; nothing was installed`,
      );
    }
  };
  if (d.format === 'zip') {
    const file = path.join(d.tempDir, d.archive);
    try {
      const { sha256 } = await downloadToFile(d.http, d.url, file, options);
      await verify(sha256);
      const files = await unpackZip(file, staging, {
        what,
        want: d.want,
        limits: d.limits?.archive,
      });
      return { sha256, files };
    } finally {
      await rm(file, { force: true });
    }
  }
  const unpacker = tarGzUnpacker(staging, { what, want: d.want, limits: d.limits?.archive });
  const { sha256 } = await downloadStream(d.http, d.url, unpacker.sink, options);
  await verify(sha256);
  const unpacked = unpacker.result();
  await placeLinks(staging, unpacked);
  return { sha256, files: unpacked.files };
}

/**
 * Fetches the archive into the tool cache (replacing an entry that `keep` refuses, by default
 * one from another archive) and returns the entry's folder and the archive's SHA-256.
 */
export async function fetchIntoCache(
  d: ToolDownload,
  keep: (dir: string, sha256: string) => Promise<boolean> = async (dir, sha256) =>
    (await readOrigin(dir))?.sha256 === sha256,
): Promise<{ dir: string; sha256: string }> {
  const controller = new AbortController();
  // A checksum that cannot be had stops the download at once, and is the error reported.
  const expected = d.expected.catch((error: unknown) => {
    controller.abort(error);
    throw error;
  });
  expected.catch(() => undefined);
  let sha256 = '';
  const dir = await cacheAtomically(
    d.tool,
    d.version,
    d.cacheArch,
    async (staging) => {
      let files: Map<string, string>;
      try {
        ({ sha256, files } = await unpackVerified(d, staging, expected, controller.signal));
      } catch (error) {
        if (controller.signal.aborted) throw controller.signal.reason;
        if (error instanceof NotFoundError) {
          // A release that is not there: its missing checksum, if missing too, says so first.
          await expected;
          throw new PublishError(d.notFound);
        }
        throw error;
      }
      for (const file of d.executables) {
        if (!files.has(file)) throw new PublishError(`${d.archive} has no ${file}`);
        await chmod(path.join(staging, file), 0o755);
      }
      const origin: Origin = { archive: d.archive, sha256, files: Object.fromEntries(files) };
      await writeFile(path.join(staging, ORIGIN_FILE), `${JSON.stringify(origin, null, 2)}\n`);
    },
    (existing) => keep(existing, sha256),
  );
  return { dir, sha256 };
}
