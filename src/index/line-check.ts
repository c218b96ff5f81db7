/**
 * Follows every line under `entries`, the charts nobody asked for included, closely enough to
 * see what makes Helm refuse the whole index (helm/helm pkg/repo/index.go `loadIndex`: a strict
 * decode): a quoted text that never ends, a line indented where no key can be, an unknown field
 * of a version, a number or boolean where Helm expects text. It also tells quoted text that goes
 * on over several lines from structure: such lines may sit at any indentation (go-yaml takes a
 * continuation line even at column 0) and may look like chart entries.
 */
import { CHART_VERSION_FIELDS, RFC3339, fieldType } from './helm-rules.js';
import { goScalarKind } from './yaml-values.js';

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;

/** `[`, `{`, `&`, `!`, `*`, `|`, `>` */
const VALUE_STARTS = new Set([0x5b, 0x7b, 0x26, 0x21, 0x2a, 0x7c, 0x3e]);

export type LineKind = 'structure' | 'quoted' | 'content';

/** Why the line makes Helm refuse the index. */
export class LineProblem extends Error {
  override readonly name = 'LineProblem';

  constructor(
    why: string,
    readonly line: number,
    /** The document ended inside a quoted text: most likely a download cut short. */
    readonly atEnd = false,
  ) {
    super(why);
  }
}

/** Thrown for what this checker does not follow (a flow collection over several lines). */
export class LineUnsure extends Error {
  override readonly name = 'LineUnsure';
}

const isBlank = (b: number | undefined): boolean => b === undefined || b === SPACE || b === TAB;

export class EntriesLineChecker {
  #lineNo = 0;
  #chartIndent = -1;
  /** Column of the current chart's `- ` items, and of the current item's keys. */
  #listIndent = -1;
  #keyIndent = -1;
  #quote = 0;
  #quoteLine = 0;
  /** Lines deeper than this belong to a block scalar (`|`, `>`) or a plain text going on. */
  #blockParent = -1;
  #plainParent = -1;
  /** A plain value Helm reads as a number or boolean, refused unless the text goes on. */
  #typed: LineProblem | undefined;

  get inQuote(): boolean {
    return this.#quote !== 0;
  }

  set chartIndent(indent: number) {
    this.#chartIndent = indent;
  }

  line(buffer: Buffer, from: number, end: number, indent: number, lineNo: number): LineKind {
    this.#lineNo = lineNo;
    if (this.#quote !== 0) {
      const close = closingQuote(buffer, from, end, this.#quote);
      if (close >= 0) this.#quote = 0;
      return 'quoted';
    }
    const at = from + indent;
    const first = buffer[at];
    const blank = at >= end || first === HASH || first === TAB;
    if (this.#blockParent >= 0) {
      if (blank || indent > this.#blockParent) return 'content';
      this.#blockParent = -1;
    }
    if (this.#plainParent >= 0) {
      if (blank || indent > this.#plainParent) {
        this.#typed = undefined;
        return 'content';
      }
      this.#plainParent = -1;
    }
    if (blank) return 'structure';
    this.#flushTyped();
    this.#structure(buffer, at, end, indent);
    return 'structure';
  }

  /** At the end of `entries`: a quote still open never ended. */
  finish(): void {
    if (this.#quote !== 0) {
      const quote = this.#quote === DQUOTE ? 'double' : 'single';
      throw new LineProblem(`a ${quote}-quoted text that never ends`, this.#quoteLine, true);
    }
    this.#flushTyped();
    this.#blockParent = -1;
    this.#plainParent = -1;
  }

  #flushTyped(): void {
    const typed = this.#typed;
    this.#typed = undefined;
    if (typed !== undefined) throw typed;
  }

  #structure(buffer: Buffer, at: number, end: number, indent: number): void {
    let col = indent;
    let position = at;
    let dashes = 0;
    while (buffer[position] === DASH && isBlank(buffer[position + 1])) {
      dashes++;
      position++;
      while (position < end && (buffer[position] === SPACE || buffer[position] === TAB)) {
        position++;
      }
      col = position - (at - indent);
    }
    const chartIndent = this.#chartIndent;
    let itemKey = false;
    if (indent === chartIndent && dashes === 0) {
      this.#listIndent = -1;
      this.#keyIndent = -1;
    } else if (indent > chartIndent || (indent === chartIndent && dashes > 0)) {
      if (dashes > 0 && (this.#listIndent < 0 || indent === this.#listIndent)) {
        this.#listIndent = indent;
        this.#keyIndent = col;
        itemKey = dashes === 1;
      } else if (dashes === 0 && indent === this.#keyIndent) {
        itemKey = true;
      } else if (indent < this.#keyIndent) {
        throw new LineProblem('a line indented where no key of a version can be', this.#lineNo);
      }
    }
    if (position >= end) return;
    this.#rest(buffer, position, end, col, itemKey);
  }

  /** What follows the indentation and `- `: a key and its value, or a value. */
  #rest(buffer: Buffer, position: number, end: number, col: number, itemKey: boolean): void {
    const first = buffer[position];
    if (first === DQUOTE || first === SQUOTE) {
      const close = closingQuote(buffer, position + 1, end, first);
      if (close < 0) {
        this.#openQuote(first);
        return;
      }
      let after = close + 1;
      while (after < end && (buffer[after] === SPACE || buffer[after] === TAB)) after++;
      if (buffer[after] === COLON && isBlank(buffer[after + 1])) {
        this.#value(buffer, after + 1, end, col, undefined);
      }
      return;
    }
    // Flow collections, anchors, tags and aliases start a value, not a key.
    const colon = VALUE_STARTS.has(first ?? 0) ? -1 : keyEnd(buffer, position, end);
    if (colon < 0) {
      this.#value(buffer, position, end, col, undefined, true);
      return;
    }
    let type: ReturnType<typeof fieldType>;
    if (itemKey) {
      const key = buffer.toString('utf8', position, trimEnd(buffer, position, colon));
      type = fieldType(CHART_VERSION_FIELDS, key);
      if (type === undefined && key !== '<<') {
        throw new LineProblem(`unknown field \`${key}\` in a version`, this.#lineNo);
      }
    }
    this.#value(buffer, colon + 1, end, col, type);
  }

  #value(
    buffer: Buffer,
    from: number,
    end: number,
    col: number,
    type: ReturnType<typeof fieldType>,
    inPlace = false,
  ): void {
    const position = skipProperties(buffer, from, end);
    if (position >= end || buffer[position] === HASH) return;
    const first = buffer[position];
    if (first === DQUOTE || first === SQUOTE) {
      if (closingQuote(buffer, position + 1, end, first) < 0) this.#openQuote(first);
      else if (!inPlace && type === 'bool') this.#typeProblem(type, 'quoted text');
      return;
    }
    if (first === 0x7c || first === 0x3e) {
      this.#blockParent = col;
      return;
    }
    if (first === 0x5b || first === 0x7b) {
      if (!flowClosesOnLine(buffer, position, end)) {
        throw new LineUnsure('a flow collection over several lines');
      }
      return;
    }
    this.#plainParent = col;
    if (type === 'text' || type === 'bool' || type === 'time') {
      this.#checkPlain(buffer, position, end, type);
    }
  }

  #checkPlain(buffer: Buffer, position: number, end: number, type: 'text' | 'bool' | 'time'): void {
    const text = buffer.toString('utf8', position, plainEnd(buffer, position, end));
    if (text === '' || /^(?:~|null|Null|NULL)$/.test(text)) return;
    const kind = goScalarKind(text);
    if (type === 'text' && kind !== undefined) {
      const what = kind === 'bool' ? 'a boolean' : 'a number';
      this.#typed = new LineProblem(
        `\`${text}\` is ${what} where Helm expects text (quote it)`,
        this.#lineNo,
      );
    } else if (type === 'bool' && kind !== 'bool') {
      this.#typeProblem(type, `\`${text}\``);
    } else if (type === 'time' && !RFC3339.test(text)) {
      this.#typeProblem(type, `\`${text}\``);
    }
  }

  #typeProblem(type: 'bool' | 'time', what: string): void {
    const expected = type === 'bool' ? 'true or false' : 'an RFC 3339 time';
    this.#typed = new LineProblem(`${what} where Helm expects ${expected}`, this.#lineNo);
  }

  #openQuote(quote: number): void {
    this.#quote = quote;
    this.#quoteLine = this.#lineNo;
  }
}

/** Skips blanks and the anchors and tags that come before a value itself. */
function skipProperties(buffer: Buffer, from: number, end: number): number {
  let position = from;
  for (;;) {
    while (position < end && (buffer[position] === SPACE || buffer[position] === TAB)) position++;
    const b = buffer[position];
    if (b !== 0x26 && b !== 0x21) return position;
    while (position < end && !isBlank(buffer[position])) position++;
  }
}

/** Index of the closing quote in `buffer[from, end)`, or -1 when the text goes on. */
function closingQuote(buffer: Buffer, from: number, end: number, quote: number): number {
  for (let i = from; i < end; i++) {
    const b = buffer[i];
    if (quote === DQUOTE && b === BACKSLASH) i++;
    else if (b === quote) {
      if (quote === SQUOTE && buffer[i + 1] === SQUOTE) i++;
      else return i;
    }
  }
  return -1;
}

/** The `:` ending a plain key on this line, or -1 (no key, or a comment first). */
function keyEnd(buffer: Buffer, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    const b = buffer[i];
    if (b === COLON && isBlank(buffer[i + 1])) return i;
    if (b === HASH && i > from && isBlank(buffer[i - 1])) return -1;
  }
  return -1;
}

function plainEnd(buffer: Buffer, from: number, end: number): number {
  let stop = end;
  for (let i = from + 1; i < end; i++) {
    if (buffer[i] === HASH && isBlank(buffer[i - 1])) {
      stop = i;
      break;
    }
  }
  return trimEnd(buffer, from, stop);
}

function trimEnd(buffer: Buffer, from: number, end: number): number {
  let stop = end;
  while (stop > from && isBlank(buffer[stop - 1])) stop--;
  return stop;
}

function flowClosesOnLine(buffer: Buffer, from: number, end: number): boolean {
  let depth = 0;
  for (let i = from; i < end; i++) {
    const b = buffer[i];
    if (b === DQUOTE || b === SQUOTE) {
      const close = closingQuote(buffer, i + 1, end, b);
      if (close < 0) return false;
      i = close;
    } else if (b === 0x5b || b === 0x7b) depth++;
    else if (b === 0x5d || b === 0x7d) {
      depth--;
      if (depth === 0) return true;
    } else if (b === HASH && isBlank(buffer[i - 1])) return false;
  }
  return false;
}
