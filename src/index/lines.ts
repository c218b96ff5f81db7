import { isUtf8 } from 'node:buffer';
import { helmRefusal } from './helm-rules.js';

const LF = 0x0a;
const CR = 0x0d;

export interface LineSink {
  /** One line: `buffer[start, end)`, without its line break. Only valid during the call. */
  line(buffer: Buffer, start: number, end: number): void;
}

// Bytes YAML forbids, matched as Latin-1 so a chunk needs no decoding: C0 controls but tab and
// line breaks, DEL, C1 controls but NEL (as UTF-8), U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]/;
/** The single-byte part alone: a plain character class, searched far faster. */
// eslint-disable-next-line no-control-regex
const C0_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;

/** The first byte sequence YAML does not allow in `bytes` (read as Latin-1 in `text`). */
function firstControl(bytes: Buffer, text: string): RegExpExecArray | undefined {
  const wide = bytes.includes(0xc2) || bytes.includes(0xef);
  return (wide ? CONTROL : C0_CONTROL).exec(text) ?? undefined;
}

/**
 * Cuts bytes into lines (LF, CRLF, lone CR) before decoding, so a character split between chunks
 * is whole again; bytes Helm's YAML reader refuses (bad UTF-8, controls) refuse the index.
 */
export class LineSplitter {
  readonly #sink: LineSink;
  #pending: Buffer[] = [];
  #skipLf = false;
  #lineNo = 0;
  /** The last bytes of the previous chunk, to check characters cut between chunks. */
  #tail: Buffer = Buffer.alloc(0);
  #nextCr = -1;

  constructor(sink: LineSink) {
    this.#sink = sink;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#checkBytes(chunk);
    let position = 0;
    if (this.#skipLf) {
      this.#skipLf = false;
      if (chunk[0] === LF) position = 1;
    }
    this.#nextCr = chunk.indexOf(CR, position);
    if (this.#pending.length > 0) {
      const lineBreak = this.#nextBreak(chunk, position);
      if (lineBreak < 0) {
        if (position < chunk.length) this.#pending.push(chunk.subarray(position));
        return;
      }
      this.#pending.push(chunk.subarray(position, lineBreak));
      const line = Buffer.concat(this.#pending);
      this.#pending = [];
      this.#emit(line, 0, line.length);
      position = this.#after(chunk, lineBreak);
    }
    for (;;) {
      const lineBreak = this.#nextBreak(chunk, position);
      if (lineBreak < 0) break;
      this.#emit(chunk, position, lineBreak);
      position = this.#after(chunk, lineBreak);
    }
    if (position < chunk.length) this.#pending.push(chunk.subarray(position));
  }

  /** Emits the last line when the document does not end with a line break. */
  end(): void {
    if (this.#tail.length > 0 && !isUtf8(this.#tail)) this.#refuseUtf8(Buffer.alloc(0), 0);
    if (this.#pending.length === 0) return;
    const line = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#emit(line, 0, line.length);
  }

  #nextBreak(chunk: Buffer, from: number): number {
    const lf = chunk.indexOf(LF, from);
    if (this.#nextCr < 0) return lf;
    if (this.#nextCr < from) this.#nextCr = chunk.indexOf(CR, from);
    if (this.#nextCr < 0) return lf;
    return lf < 0 || this.#nextCr < lf ? this.#nextCr : lf;
  }

  #after(chunk: Buffer, lineBreak: number): number {
    if (chunk[lineBreak] === CR) {
      if (lineBreak + 1 === chunk.length) this.#skipLf = true;
      else if (chunk[lineBreak + 1] === LF) return lineBreak + 2;
    }
    return lineBreak + 1;
  }

  #emit(buffer: Buffer, start: number, end: number): void {
    this.#lineNo++;
    this.#sink.line(buffer, start, end);
  }

  /** Checks the chunk's bytes, with the few before it that may start a character cut in two. */
  #checkBytes(chunk: Buffer): void {
    const joint = Buffer.concat([this.#tail, chunk.subarray(0, 3)]);
    const control = firstControl(chunk, chunk.toString('latin1'));
    const jointControl = CONTROL.exec(joint.toString('latin1')) ?? undefined;
    if (jointControl !== undefined && jointControl.index < this.#tail.length) {
      this.#refuse(chunk, 0, jointControl[0]);
    }
    if (control !== undefined) this.#refuse(chunk, control.index, control[0]);
    // A character cut between chunks is completed from this chunk's first bytes, then checked.
    let from = 0;
    const tail = this.#tail;
    if (tail.length > 0) {
      const missing = utf8Length(tail[0] ?? 0) - tail.length;
      if (chunk.length < missing) {
        this.#tail = Buffer.concat([tail, chunk]);
        if (!chunk.every((b) => b >> 6 === 2)) this.#refuseUtf8(chunk, 0);
        return;
      }
      if (!isUtf8(Buffer.concat([tail, chunk.subarray(0, missing)]))) this.#refuseUtf8(chunk, 0);
      from = Math.max(missing, 0);
    }
    const cut = Math.max(incompleteTail(chunk), from);
    if (!isUtf8(chunk.subarray(from, cut))) this.#refuseUtf8(chunk, from);
    this.#tail = Buffer.from(chunk.subarray(cut));
  }

  #refuse(chunk: Buffer, offset: number, latin1: string): never {
    const character = Buffer.from(latin1, 'latin1').toString('utf8');
    const code = character.codePointAt(0) ?? 0;
    const name = code === 0 ? 'NUL' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    throw helmRefusal(
      `a control character (${name}), which YAML does not allow`,
      this.#lineAt(chunk, offset),
    );
  }

  #refuseUtf8(chunk: Buffer, from: number): never {
    throw helmRefusal('bytes that are not UTF-8', this.#lineAt(chunk, firstBadUtf8(chunk, from)));
  }

  /** The line of `chunk[offset]`: the lines emitted so far, and the breaks before it. */
  #lineAt(chunk: Buffer, offset: number): number {
    let line = this.#lineNo + 1;
    for (let i = 0; i < offset; i++) {
      const b = chunk[i];
      if (b === LF && !(i === 0 && this.#skipLf)) line++;
      else if (b === CR && chunk[i + 1] !== LF) line++;
    }
    return line;
  }
}

/** Bytes of the UTF-8 character a lead byte starts (1 for a stray byte, refused by isUtf8). */
const utf8Length = (lead: number): number =>
  lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;

/** Where a UTF-8 character cut off at the end of `bytes` starts (or bytes.length). */
function incompleteTail(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if (b >> 6 === 2) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? bytes.length - back : bytes.length;
  }
  return bytes.length;
}

/** Offset of the first byte that breaks UTF-8 at or after `from` (error messages only). */
function firstBadUtf8(bytes: Buffer, from: number): number {
  for (let i = from; i < bytes.length;) {
    const b = bytes[i] ?? 0;
    const need =
      b < 0x80
        ? 1
        : b >= 0xc2 && b < 0xe0
          ? 2
          : b >= 0xe0 && b < 0xf0
            ? 3
            : b >= 0xf0 && b < 0xf5
              ? 4
              : 0;
    if (need === 0) return i;
    if (need > 1 && !isUtf8(bytes.subarray(i, i + need))) return i;
    i += need;
  }
  return from;
}
