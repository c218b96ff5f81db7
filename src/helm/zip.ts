import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { PublishError } from '../errors.js';
import { ARCHIVE_LIMITS, ArchiveAudit, type ArchiveLimits } from './archive-audit.js';

/**
 * Windows releases are .zip: the central directory is audited like tar entries and only wanted
 * files inflated, each held to its size and CRC, so no external unzip decides where files go.
 */

interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, offset);
  return buffer.subarray(0, bytesRead);
}

async function centralDirectory(handle: FileHandle, what: string): Promise<Buffer> {
  const size = (await handle.stat()).size;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== EOCD) continue;
    const cdSize = tail.readUInt32LE(i + 12);
    const cdOffset = tail.readUInt32LE(i + 16);
    if (cdSize === 0xffffffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) {
      throw new PublishError(`refusing to extract ${what}: its central directory is not readable`);
    }
    return readAt(handle, cdOffset, cdSize);
  }
  throw new PublishError(`${what} is not a readable .zip archive`);
}

/** Reads and audits every entry of the central directory. */
function auditEntries(cd: Buffer, audit: ArchiveAudit, what: string): Map<string, ZipEntry> {
  const entries = new Map<string, ZipEntry>();
  const refuse = (problem: string): never => {
    throw new PublishError(`refusing to extract ${what}: ${problem}`);
  };
  for (let at = 0; at + 46 <= cd.length;) {
    if (cd.readUInt32LE(at) !== CENTRAL) refuse('its central directory is damaged');
    const madeBy = cd.readUInt16LE(at + 4) >> 8;
    const flags = cd.readUInt16LE(at + 8);
    const nameLength = cd.readUInt16LE(at + 28);
    const skip = nameLength + cd.readUInt16LE(at + 30) + cd.readUInt16LE(at + 32);
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name,
      method: cd.readUInt16LE(at + 10),
      crc: cd.readUInt32LE(at + 16),
      compressedSize: cd.readUInt32LE(at + 20),
      size: cd.readUInt32LE(at + 24),
      localOffset: cd.readUInt32LE(at + 42),
    };
    const unixMode = cd.readUInt32LE(at + 38) >>> 16;
    at += 46 + skip;
    if (madeBy === 3 && (unixMode & S_IFMT) === S_IFLNK) refuse(`entry "${name}" is a link`);
    if (flags & 1) refuse(`entry "${name}" is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) refuse(`entry "${name}" uses an unknown method`);
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
      refuse(`entry "${name}" is larger than 4 GiB`);
    }
    const isDir = name.endsWith('/') || name.endsWith('\\');
    const p = audit.add(name, isDir ? 'dir' : 'file', entry.size);
    if (!isDir) entries.set(p, entry);
  }
  audit.finish();
  return entries;
}

/** Inflates one entry into `file`, held to its declared size and CRC; returns its SHA-256. */
async function inflateEntry(
  handle: FileHandle,
  zipFile: string,
  entry: ZipEntry,
  file: string,
  what: string,
): Promise<string> {
  const local = await readAt(handle, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) {
    throw new PublishError(
      `refusing to extract ${what}: entry "${entry.name}" has no local header`,
    );
  }
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const hash = createHash('sha256');
  let size = 0;
  let crc = 0;
  const check = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > entry.size) {
        done(
          new PublishError(`refusing to extract ${what}: "${entry.name}" is larger than it says`),
        );
        return;
      }
      hash.update(chunk);
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
  });
  const source = createReadStream(zipFile, {
    start,
    end: start + entry.compressedSize - 1,
  });
  const stages = entry.method === 8 ? [source, createInflateRaw(), check] : [source, check];
  await mkdir(path.dirname(file), { recursive: true });
  await pipeline([...stages, createWriteStream(file, { flags: 'wx', mode: 0o755 })]);
  if (size !== entry.size || crc !== entry.crc) {
    throw new PublishError(`refusing to extract ${what}: "${entry.name}" fails its CRC or size`);
  }
  return hash.digest('hex');
}

/**
 * Audits every entry of a .zip, then writes the wanted regular files under `dest`; returns the
 * written files with their SHA-256.
 */
export async function unpackZip(
  zipFile: string,
  dest: string,
  options: { what: string; want: (entry: string) => boolean; limits?: ArchiveLimits },
): Promise<Map<string, string>> {
  const handle = await open(zipFile, 'r');
  try {
    const audit = new ArchiveAudit(options.what, options.limits ?? ARCHIVE_LIMITS);
    const entries = auditEntries(await centralDirectory(handle, options.what), audit, options.what);
    const files = new Map<string, string>();
    for (const [p, entry] of entries) {
      if (!options.want(p)) continue;
      files.set(p, await inflateEntry(handle, zipFile, entry, path.join(dest, p), options.what));
    }
    return files;
  } finally {
    await handle.close();
  }
}
