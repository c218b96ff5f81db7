/**
 * Every line under `entries`, unwanted charts too, can make Helm's strict decode refuse the index
 * (helm/helm pkg/repo/index.go `loadIndex`); multi-line quoted text may sit at any indent.
 */
import type { fieldType } from './helm-rules.js';
import { chartKey, mayBeTyped, versionFieldType } from './line-fields.js';

import {
  COLON,
  DQUOTE,
  HASH,
  SPACE,
  SQUOTE,
  TAB,
  closingQuote,
  flowClosesOnLine,
  flowItems,
  hasMappingColon,
  isBlank,
  keyEnd,
  plainEnd,
  skipDashes,
  skipProperties,
  trimEnd,
} from './line-values.js';
import {
  VALUE_STARTS,
  flowTextsProblem,
  itemShape,
  plainProblem,
  quotedProblem,
} from './line-types.js';

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
  /** The chart whose versions the lines are, for messages. */
  #chart = '';
  /** A `- ` version item with nothing on its line: its keys must follow, deeper. */
  #emptyItemLine = 0;
  /** Lines deeper than `col` are the items of a list or mapping of texts (keywords, annotations). */
  #texts: { col: number } | undefined;

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
        if (!blank && hasMappingColon(buffer, at, end)) this.#mappingInPlain();
        this.#typed = undefined;
        return 'content';
      }
      this.#plainParent = -1;
    }
    if (blank) return 'structure';
    this.#flushTyped();
    if (this.#texts !== undefined && indent <= this.#texts.col) this.#texts = undefined;
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
    this.#endEmptyItem(false);
    this.#blockParent = -1;
    this.#plainParent = -1;
  }

  /** Helm 3 crashes on a null version (pkg/repo/index.go loadIndex); Helm 4 skips it. */
  #endEmptyItem(keysFollow: boolean): void {
    const line = this.#emptyItemLine;
    this.#emptyItemLine = 0;
    if (line !== 0 && !keysFollow) {
      throw new LineProblem(
        `an empty version under \`entries.${this.#chart}\` (Helm 3 crashes on it)`,
        line,
      );
    }
  }

  /** The line after an empty `- `: its keys, deeper, or anything else (a null version). */
  #afterEmptyItem(keysFollow: boolean, indent: number): void {
    this.#endEmptyItem(keysFollow);
    this.#keyIndent = indent;
  }

  #mappingInPlain(): never {
    throw new LineProblem(
      'a plain text holds ": ", which YAML refuses (quote the text)',
      this.#lineNo,
    );
  }

  #flushTyped(): void {
    const typed = this.#typed;
    this.#typed = undefined;
    if (typed !== undefined) throw typed;
  }

  #structure(buffer: Buffer, at: number, end: number, indent: number): void {
    const { dashes, position } = skipDashes(buffer, at, end);
    const col = indent + (position - at);
    const chartIndent = this.#chartIndent;
    let itemKey = false;
    if (this.#emptyItemLine !== 0)
      this.#afterEmptyItem(dashes === 0 && indent > this.#listIndent, indent);
    if (indent === chartIndent && dashes === 0) {
      this.#listIndent = -1;
      this.#keyIndent = -1;
      this.#chart = chartKey(buffer, position, end);
    } else if (indent > chartIndent || (indent === chartIndent && dashes > 0)) {
      if (dashes > 0 && (this.#listIndent < 0 || indent === this.#listIndent)) {
        this.#listIndent = indent;
        this.#keyIndent = col;
        itemKey = dashes === 1;
        if (itemKey && this.#itemIsNotMapping(buffer, position, end)) return;
      } else if (dashes === 0 && indent === this.#keyIndent) {
        itemKey = true;
      } else if (indent < this.#keyIndent) {
        throw new LineProblem('a line indented where no key of a version can be', this.#lineNo);
      }
    }
    if (position >= end) return;
    this.#rest(buffer, position, end, col, itemKey);
  }

  /** A version item must be a mapping (Helm decodes it into ChartVersion); true when empty. */
  #itemIsNotMapping(buffer: Buffer, position: number, end: number): boolean {
    const shape = itemShape(buffer, position, end);
    if (shape === 'mapping') return false;
    if (shape === 'scalar') {
      throw new LineProblem(`a version of \`${this.#chart}\` is not a mapping`, this.#lineNo);
    }
    this.#emptyItemLine = this.#lineNo;
    if (shape === 'null') this.#endEmptyItem(false);
    return true;
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
      if (buffer[after] === COLON && (after + 1 >= end || isBlank(buffer[after + 1]))) {
        this.#value(buffer, after + 1, end, col, undefined);
      }
      return;
    }
    // Flow collections, anchors, tags and aliases start a value, not a key.
    const colon = VALUE_STARTS.has(first ?? 0) ? -1 : keyEnd(buffer, position, end);
    // An item of `keywords:` or a value of `annotations:` on the lines below them.
    const textItem = this.#texts !== undefined && !itemKey ? 'text' : undefined;
    if (colon < 0) {
      this.#value(buffer, position, end, col, textItem, textItem === undefined);
      return;
    }
    let type: ReturnType<typeof fieldType> = textItem;
    if (itemKey) {
      const keyEndAt = trimEnd(buffer, position, colon);
      // Helm refuses a key a merge brings in when the item sets it again: the full parse knows.
      if (buffer[position] === 0x3c && buffer[position + 1] === 0x3c && keyEndAt === position + 2) {
        throw new LineUnsure('a merge key');
      }
      type = versionFieldType(buffer, position, keyEndAt);
      if (type === undefined) {
        const name = buffer.toString('utf8', position, keyEndAt);
        throw new LineProblem(`unknown field \`${name}\` in a version`, this.#lineNo);
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
    if (position >= end || buffer[position] === HASH) {
      if (type === 'texts' || type === 'textMap') this.#texts = { col };
      return;
    }
    const first = buffer[position];
    if (first === DQUOTE || first === SQUOTE) {
      const close = closingQuote(buffer, position + 1, end, first);
      if (close < 0) this.#openQuote(first);
      else if (!inPlace)
        this.#setTyped(quotedProblem(buffer.toString('utf8', position + 1, close), type));
      return;
    }
    if (first === 0x7c || first === 0x3e) {
      this.#blockParent = col;
      return;
    }
    if (first === 0x5b || first === 0x7b) {
      this.#flow(buffer, position, end, type);
      return;
    }
    if (hasMappingColon(buffer, position, end)) this.#mappingInPlain();
    this.#plainParent = col;
    if (type === 'bool' || type === 'time' || (type === 'text' && mayBeTyped(first))) {
      const text = buffer.toString('utf8', position, plainEnd(buffer, position, end));
      this.#setTyped(plainProblem(text, type));
    }
  }

  #flow(buffer: Buffer, position: number, end: number, type: string | undefined): void {
    if (!flowClosesOnLine(buffer, position, end)) {
      throw new LineUnsure('a flow collection over several lines');
    }
    const items = type === 'texts' ? flowItems(buffer, position, end) : undefined;
    this.#setTyped(items && flowTextsProblem(items));
  }

  /** Refused when the line ends the value (a plain value's next lines may make it text). */
  #setTyped(problem: string | undefined): void {
    if (problem !== undefined) this.#typed = new LineProblem(problem, this.#lineNo);
  }

  #openQuote(quote: number): void {
    this.#quote = quote;
    this.#quoteLine = this.#lineNo;
  }
}
