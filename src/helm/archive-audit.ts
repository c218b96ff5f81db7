import { PublishError } from '../errors.js';

/**
 * Every tool archive is audited before anything from it is used: paths stay inside, links are
 * resolved through the archive's other links (not read as text), sizes stay within limits.
 */

export interface ArchiveLimits {
  /** The sum of all entry sizes (Helm's largest release unpacks to about 60 MB). */
  totalBytes: number;
  entries: number;
}

export const ARCHIVE_LIMITS: ArchiveLimits = {
  totalBytes: 512 * 1024 * 1024,
  entries: 10_000,
};

export type EntryKind = 'file' | 'dir' | 'symlink' | 'hardlink';

/** A link the archive holds and the extractor may recreate once the whole archive is audited. */
export interface ArchiveLink {
  path: string;
  kind: 'symlink' | 'hardlink';
  /** The symlink's text, or for a hard link the archive path of the file it names. */
  target: string;
}

const MAX_HOPS = 40;

/** The node-tar entry type as one of ours, or undefined for devices, FIFOs and the like. */
export function tarEntryKind(type: string): EntryKind | undefined {
  if (type === 'File' || type === 'OldFile' || type === 'ContiguousFile') return 'file';
  if (type === 'Directory') return 'dir';
  if (type === 'SymbolicLink') return 'symlink';
  if (type === 'Link') return 'hardlink';
  return undefined;
}

/** True for a path that is absolute, has a drive letter or climbs with `..` (either slash). */
export function isUnsafeEntryPath(entryPath: string): boolean {
  const normalized = entryPath.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) return true;
  return normalized.split('/').includes('..');
}

function segments(p: string): string[] {
  return p
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
}

export class ArchiveAudit {
  private readonly entries = new Map<string, { kind: EntryKind; target?: string; size: number }>();
  private total = 0;

  constructor(
    private readonly what: string,
    private readonly limits: ArchiveLimits = ARCHIVE_LIMITS,
  ) {}

  private refuse(problem: string): never {
    throw new PublishError(`refusing to extract ${this.what}: ${problem}`);
  }

  /** Records one entry, or stops at its problem; returns its normalised path ('' for the root). */
  add(rawPath: string, kind: EntryKind | undefined, size: number, linkTarget?: string): string {
    if (isUnsafeEntryPath(rawPath)) this.refuse(`entry "${rawPath}" points outside the archive`);
    const p = segments(rawPath).join('/');
    if (kind === undefined) this.refuse(`entry "${rawPath}" is not a file, folder or link`);
    if (this.entries.size >= this.limits.entries) {
      this.refuse(`it has more than ${String(this.limits.entries)} entries`);
    }
    this.total += size;
    if (size > this.limits.totalBytes || this.total > this.limits.totalBytes) {
      this.refuse(
        `its entries unpack to more than ${String(this.limits.totalBytes / 1024 / 1024)} MiB (at "${rawPath}", ${String(size)} bytes); a Helm release is far smaller`,
      );
    }
    const previous = this.entries.get(p);
    if (previous !== undefined && !(previous.kind === 'dir' && kind === 'dir')) {
      this.refuse(`entry "${rawPath}" appears twice`);
    }
    if ((kind === 'symlink' || kind === 'hardlink') && (linkTarget ?? '') === '') {
      this.refuse(`link "${rawPath}" has no target`);
    }
    this.entries.set(p, { kind, target: linkTarget, size });
    return p;
  }

  /**
   * Resolves `target` from the folder `from` through the archive's symlinks, or undefined when
   * the chain leaves the archive (a loop counts as leaving).
   */
  private resolve(from: string[], target: string, hops: number): string[] | undefined {
    if (hops > MAX_HOPS || /^([\\/]|[A-Za-z]:)/.test(target)) return undefined;
    let current = [...from];
    for (const segment of target.replace(/\\/g, '/').split('/')) {
      if (segment === '' || segment === '.') continue;
      if (segment === '..') {
        if (current.length === 0) return undefined;
        current.pop();
        continue;
      }
      current.push(segment);
      const node = this.entries.get(current.join('/'));
      if (node?.kind === 'symlink') {
        const resolved = this.resolve(current.slice(0, -1), node.target ?? '', hops + 1);
        if (resolved === undefined) return undefined;
        current = resolved;
      }
    }
    return current;
  }

  /**
   * Link chains resolve inside the archive, hard links name an archive file, no entry lies under
   * a link. Returns the links, each hard link's target as its file's archive path.
   */
  finish(): ArchiveLink[] {
    const links: ArchiveLink[] = [];
    for (const [p, node] of this.entries) {
      const parts = p.split('/');
      for (let i = 1; i < parts.length; i++) {
        const parent = this.entries.get(parts.slice(0, i).join('/'));
        if (parent !== undefined && parent.kind !== 'dir') {
          this.refuse(`entry "${p}" lies under the link or file "${parts.slice(0, i).join('/')}"`);
        }
      }
      if (node.kind === 'symlink') {
        if (this.resolve(parts.slice(0, -1), node.target ?? '', 0) === undefined) {
          this.refuse(`link "${p}" -> "${node.target ?? ''}" points outside the archive`);
        }
        links.push({ path: p, kind: 'symlink', target: node.target ?? '' });
      } else if (node.kind === 'hardlink') {
        const resolved = this.resolve([], node.target ?? '', 0);
        const file = resolved === undefined ? undefined : this.entries.get(resolved.join('/'));
        if (resolved === undefined || file?.kind !== 'file') {
          this.refuse(
            `hard link "${p}" -> "${node.target ?? ''}" does not name a file of the archive`,
          );
        }
        this.total += file.size;
        if (this.total > this.limits.totalBytes) this.refuse('its hard links unpack too large');
        links.push({ path: p, kind: 'hardlink', target: resolved.join('/') });
      }
    }
    return links;
  }
}
