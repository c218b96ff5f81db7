import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { copyFile, mkdir, rm, symlink } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import type { ReadEntry } from 'tar';
import { PublishError } from '../errors.js';
import {
  ARCHIVE_LIMITS,
  ArchiveAudit,
  tarEntryKind,
  type ArchiveLimits,
  type ArchiveLink,
} from './archive-audit.js';

/**
 * One pass over a .tar.gz as it arrives: gunzip, audit, write the wanted files hashed; links come
 * only from `placeLinks` after the whole archive is verified, so no write goes through one.
 */

export interface UnpackOptions {
  /** Names the archive in errors. */
  what: string;
  /** Which entries (normalised archive paths) to write; the rest are audited and skipped. */
  want: (entry: string) => boolean;
  limits?: ArchiveLimits;
}

export interface Unpacked {
  /** The written files: archive path → SHA-256 of their bytes. */
  files: Map<string, string>;
  /** The wanted links, resolved inside the archive, to recreate with `placeLinks`. */
  links: ArchiveLink[];
}

/** Bigger output chunks make Node's gunzip markedly faster on 60 MB of Helm binary. */
const GUNZIP_CHUNK = 256 * 1024;

function modeOf(entryMode: number | undefined): number {
  return (entryMode ?? 0) & 0o111 ? 0o755 : 0o644;
}

/** A sink for `downloadStream` (or any byte source) that unpacks into `dest`. */
export function tarGzUnpacker(
  dest: string,
  options: UnpackOptions,
): { sink: (source: AsyncIterable<Buffer>) => Promise<void>; result: () => Unpacked } {
  const audit = new ArchiveAudit(options.what, options.limits ?? ARCHIVE_LIMITS);
  const files = new Map<string, string>();
  const writes: Promise<void>[] = [];
  const open: WriteStream[] = [];
  let links: ArchiveLink[] = [];

  const write = (entry: ReadEntry, p: string): void => {
    const file = path.join(dest, p);
    mkdirSync(path.dirname(file), { recursive: true });
    const out = createWriteStream(file, { flags: 'wx', mode: modeOf(entry.mode) });
    open.push(out);
    const hash = createHash('sha256');
    entry.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      if (!out.write(chunk)) {
        entry.pause();
        out.once('drain', () => entry.resume());
      }
    });
    entry.on('end', () => out.end());
    writes.push(finished(out).then(() => void files.set(p, hash.digest('hex'))));
  };

  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    const tar = await import('tar');
    let failure: Error | undefined;
    const fail = (error: unknown): void => {
      failure ??= error instanceof Error ? error : new Error(String(error));
    };
    const parser = new tar.Parser({
      strict: true,
      onReadEntry: (entry) => {
        try {
          const kind = tarEntryKind(entry.type);
          const p = audit.add(entry.path, kind, entry.size, entry.linkpath);
          if (kind === 'file' && p !== '' && options.want(p)) write(entry, p);
          else entry.resume();
        } catch (error) {
          fail(error);
          entry.resume();
        }
      },
    });
    parser.on('error', fail);
    const ended = new Promise<void>((resolve, reject) => {
      parser.on('end', resolve);
      parser.on('error', reject);
      parser.on('abort', reject);
    });
    ended.catch(() => undefined);
    try {
      await pipeline(source, createGunzip({ chunkSize: GUNZIP_CHUNK }), async (tarBytes) => {
        for await (const chunk of tarBytes as AsyncIterable<Buffer>) {
          if (failure !== undefined) throw failure;
          if (!parser.write(chunk)) await Promise.race([once(parser, 'drain'), ended]);
        }
        parser.end();
        await ended;
      });
      if (failure !== undefined) throw failure;
      links = audit.finish().filter((link) => options.want(link.path));
      await Promise.all(writes);
    } catch (error) {
      for (const out of open) out.destroy();
      await Promise.allSettled(writes);
      if (error instanceof PublishError) throw error;
      throw new PublishError(
        `${options.what} is not a readable .tar.gz archive: ${(error as Error).message}`,
        { cause: error },
      );
    }
  };
  return { sink, result: () => ({ files, links }) };
}

/**
 * Recreates the wanted links once the archive is verified: symlinks as they were (the audit
 * resolved them inside), hard links as copies of the file they name, when that file was written.
 */
export async function placeLinks(dest: string, unpacked: Unpacked): Promise<void> {
  for (const link of unpacked.links) {
    const to = path.join(dest, link.path);
    await mkdir(path.dirname(to), { recursive: true });
    if (link.kind === 'symlink') {
      await symlink(link.target, to);
    } else if (unpacked.files.has(link.target)) {
      await copyFile(path.join(dest, link.target), to);
      unpacked.files.set(link.path, unpacked.files.get(link.target) ?? '');
    }
  }
}

/** Unpacks a whole .tar.gz file into `dest` after auditing it (links included). */
export async function extractTarGzSafely(
  file: string,
  dest: string,
  what: string,
  limits?: ArchiveLimits,
): Promise<void> {
  const made = await mkdir(dest, { recursive: true });
  try {
    const unpacker = tarGzUnpacker(dest, { what, want: () => true, limits });
    await unpacker.sink(createReadStream(file));
    await placeLinks(dest, unpacker.result());
  } catch (error) {
    if (made !== undefined) await rm(made, { recursive: true, force: true });
    throw error;
  }
}

/** The problem that makes a .tar.gz file unsafe to unpack, as a list; empty when it is fine. */
export async function auditTarGz(file: string, limits?: ArchiveLimits): Promise<string[]> {
  const unpacker = tarGzUnpacker('', { what: path.basename(file), want: () => false, limits });
  try {
    await unpacker.sink(createReadStream(file));
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
