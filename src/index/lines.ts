import { NeedsFullParse } from './errors.js';

const LF = 0x0a;
const CR = 0x0d;

export interface LineSink {
  /** One line: `buffer[start, end)`, without its line break. Only valid during the call. */
  line(buffer: Buffer, start: number, end: number): void;
}

/**
 * Cuts a byte stream into lines without decoding it: a line split between chunks is joined
 * first, so a multi-byte character split between chunks is whole again before anyone decodes it.
 * LF and CRLF end lines; a lone CR (also a YAML line break) is left to the full parse.
 */
export class LineSplitter {
  readonly #sink: LineSink;
  #pending: Buffer[] = [];
  #crAtChunkEnd = false;
  #lineNo = 0;

  constructor(sink: LineSink) {
    this.#sink = sink;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#checkCarriageReturns(chunk);
    let position = 0;
    if (this.#pending.length > 0) {
      const lf = chunk.indexOf(LF);
      if (lf < 0) {
        this.#pending.push(chunk);
        return;
      }
      this.#pending.push(chunk.subarray(0, lf));
      const line = Buffer.concat(this.#pending);
      this.#pending = [];
      this.#emit(line, 0, line.length);
      position = lf + 1;
    }
    for (;;) {
      const lf = chunk.indexOf(LF, position);
      if (lf < 0) break;
      this.#emit(chunk, position, lf);
      position = lf + 1;
    }
    if (position < chunk.length) this.#pending.push(chunk.subarray(position));
  }

  /** Emits the last line when the document does not end with a line break. */
  end(): void {
    if (this.#pending.length === 0) return;
    const line = Buffer.concat(this.#pending);
    this.#pending = [];
    this.#emit(line, 0, line.length);
  }

  #emit(buffer: Buffer, start: number, end: number): void {
    this.#lineNo++;
    this.#sink.line(buffer, start, end > start && buffer[end - 1] === CR ? end - 1 : end);
  }

  #checkCarriageReturns(chunk: Buffer): void {
    if (this.#crAtChunkEnd && chunk[0] !== LF) this.#loneCarriageReturn();
    this.#crAtChunkEnd = false;
    for (let cr = chunk.indexOf(CR); cr >= 0; cr = chunk.indexOf(CR, cr + 1)) {
      if (cr === chunk.length - 1) this.#crAtChunkEnd = true;
      else if (chunk[cr + 1] !== LF) this.#loneCarriageReturn();
    }
  }

  #loneCarriageReturn(): never {
    throw new NeedsFullParse('a line break that is a lone CR', this.#lineNo + 1);
  }
}
