// A minimal .zip writer for hostile-archive tests: raw entry names, unix modes (symlinks) and
// declared sizes that may lie. Layout per APPNOTE.TXT (local headers, central directory, EOCD).
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** Unix mode stored in the external attributes (0o120777 marks a symlink). */
  unixMode?: number;
  /** Overrides the uncompressed size written into both headers. */
  declaredSize?: number;
}

/** A header of `length` bytes, zero but for `fields`: [offset, width in bytes, value] (little-endian). */
function header(length: number, fields: Array<[number, 2 | 4, number]>): Buffer {
  const buffer = Buffer.alloc(length);
  for (const [at, width, value] of fields) {
    if (width === 2) buffer.writeUInt16LE(value, at);
    else buffer.writeUInt32LE(value, at);
  }
  return buffer;
}

export function buildZip(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const data = Buffer.isBuffer(spec.data) ? spec.data : Buffer.from(spec.data);
    const packed = deflateRawSync(data);
    const name = Buffer.from(spec.name, 'utf8');
    const size = spec.declaredSize ?? data.length;
    // Shared by both headers: flags (UTF-8 names), method (deflate), CRC, sizes, name length.
    const common = (at: number): Array<[number, 2 | 4, number]> => [
      [at, 2, 0x800],
      [at + 2, 2, 8],
      [at + 8, 4, crc32(data)],
      [at + 12, 4, packed.length],
      [at + 16, 4, size],
      [at + 20, 2, name.length],
    ];
    const local = header(30, [[0, 4, 0x04034b50], [4, 2, 20], ...common(6)]);
    const central = header(46, [
      [0, 4, 0x02014b50],
      [4, 2, (3 << 8) | 20],
      [6, 2, 20],
      ...common(8),
      [38, 4, ((spec.unixMode ?? 0o100644) << 16) >>> 0],
      [42, 4, offset],
    ]);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = header(22, [
    [0, 4, 0x06054b50],
    [8, 2, entries.length],
    [10, 2, entries.length],
    [12, 4, cd.length],
    [16, 4, offset],
  ]);
  return Buffer.concat([...locals, cd, end]);
}
