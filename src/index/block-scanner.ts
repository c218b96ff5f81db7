import { YAMLParseError } from 'yaml';
import {
  EMPTY_LIST,
  EMPTY_MAPPING,
  NO_VALUE,
  NULL_VALUE,
  isDocumentMarker,
  listedVersion,
  parseKey,
} from './block-syntax.js';
import {
  IndexFormatError,
  NeedsFullParse,
  emptyDocumentError,
  helmRefusal,
  htmlPageError,
} from './errors.js';
import { INDEX_FIELDS, fieldType } from './helm-rules.js';
import { EntriesLineChecker, LineProblem, LineUnsure, type LineKind } from './line-check.js';
import type { LineSink } from './lines.js';
import { LookupResult } from './result.js';
import type { IndexLookupMany, WantedVersions } from './types.js';
import {
  StrictKeyError,
  goScalarKind,
  isErrorAtEnd,
  isMapping,
  looksLikeHtml,
  own,
  parseYamlValue,
  yamlErrorSummary,
} from './yaml-values.js';

const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;

/** apiVersion and serverInfo are small; a huge one is something else. */
const MAX_TOP_SECTION_CHARS = 1 << 20;

/** The lines of one version (list item) of a wanted chart, from its `- ` to the next one. */
interface Item {
  startLine: number;
  lines: string[];
  /** Column of the item's keys (after `- `), or -1 when the first line shows no key. */
  mapIndent: number;
}

interface WantedChart {
  name: string;
  versions: ReadonlySet<string>;
  /**
   * pending: `name:` seen, list not yet; list: a block list, read item by item; section: any
   * other value (flow style, anchors), parsed whole; empty: `[]` or null.
   */
  mode: 'pending' | 'list' | 'section' | 'empty';
  listIndent: number;
  count: number;
  item: Item | undefined;
  section: string[];
  sectionStart: number;
}

type TopSection =
  | { kind: 'entries' }
  | { kind: 'skip' }
  | { kind: 'collect'; key: string; lines: string[]; chars: number; startLine: number };

/** The current chart under `entries` is one nobody asked for. */
const OTHER_CHART = 'other';

/**
 * The fast path for block-style indexes: only the wanted charts' items are parsed, and anything
 * not recognised for certain throws NeedsFullParse rather than guessing.
 */
export class BlockIndexScanner implements LineSink {
  readonly #wanted: WantedVersions;
  readonly #result: LookupResult;
  #lineNo = 0;
  #started = false;
  #ended = false;
  #committed = false;
  #top: TopSection | undefined;
  readonly #topKeys = new Set<string>();
  #chartIndent = -1;
  #chart: WantedChart | typeof OTHER_CHART | undefined;
  readonly #chartsSeen = new Set<string>();
  readonly #allCharts = new Set<string>();
  /** Follows every line under `entries` for what makes Helm refuse the index. */
  #checker: EntriesLineChecker | undefined;
  #atEnd = false;

  constructor(wanted: WantedVersions) {
    this.#wanted = wanted;
    this.#result = new LookupResult(wanted);
  }

  /**
   * True once the document has shown a block-style `entries` mapping: from then on a full parse
   * is rarely needed, and the caller may stop keeping the raw document for one.
   */
  get committed(): boolean {
    return this.#committed;
  }

  line(buffer: Buffer, start: number, end: number): void {
    this.#lineNo++;
    if (this.#ended) return;
    let from = start;
    if (
      this.#lineNo === 1 &&
      buffer[start] === 0xef &&
      buffer[start + 1] === 0xbb &&
      buffer[start + 2] === 0xbf
    ) {
      from += 3;
    }
    let i = from;
    while (i < end && buffer[i] === SPACE) i++;
    const indent = i - from;
    if (this.#checker !== undefined) {
      const kind = this.#checkLine(this.#checker, buffer, from, end, indent);
      if (kind === 'quoted') {
        this.#quotedLine(buffer.toString('utf8', from, end), indent);
        return;
      }
      // The hot path: a line indented deeper than the chart names belongs to the current
      // chart's value (YAML allows nothing else there), and this chart is not wanted.
      if (this.#chart === OTHER_CHART && (kind === 'content' || indent > this.#chartIndent)) {
        return;
      }
    }
    const first = i < end ? buffer[i] : undefined;
    if (first === undefined || first === HASH) {
      this.#blankOrComment(buffer, from, end);
      return;
    }
    let tabbed = false;
    if (first === TAB) {
      let j = i;
      while (j < end && (buffer[j] === SPACE || buffer[j] === TAB)) j++;
      if (j === end || buffer[j] === HASH) {
        this.#blankOrComment(buffer, from, end);
        return;
      }
      tabbed = true;
    }
    const next = buffer[i + 1];
    const isListItem = first === DASH && (i + 1 === end || next === SPACE || next === TAB);
    // Versions of charts nobody asked for, in Helm's layout (`- ` at the chart name's indent).
    if (this.#chart === OTHER_CHART && indent === this.#chartIndent && isListItem) return;
    this.#content(buffer.toString('utf8', from, end), indent, isListItem, tabbed);
  }

  #checkLine(
    checker: EntriesLineChecker,
    buffer: Buffer,
    from: number,
    end: number,
    indent: number,
  ): LineKind {
    try {
      if (
        this.#chartIndent < 0 &&
        indent > 0 &&
        from + indent < end &&
        buffer[from + indent] !== HASH
      ) {
        checker.chartIndent = indent;
      }
      // A line at column 0 ends `entries` (unless it is quoted text going on).
      if (indent === 0 && from < end && buffer[from] !== HASH && !checker.inQuote) {
        this.#finishChecker();
        return 'structure';
      }
      return checker.line(buffer, from, end, indent, this.#lineNo);
    } catch (error) {
      throw this.#checkerError(error);
    }
  }

  #finishChecker(): void {
    const checker = this.#checker;
    this.#checker = undefined;
    try {
      checker?.finish();
    } catch (error) {
      throw this.#checkerError(error);
    }
  }

  #checkerError(error: unknown): unknown {
    if (error instanceof LineProblem && error.atEnd && this.#atEnd) {
      return new IndexFormatError(
        'truncated',
        `the document ends in ${error.message} (from line ${error.line}): was the download cut short?`,
      );
    }
    if (error instanceof LineProblem) return helmRefusal(error.message, error.line);
    if (error instanceof LineUnsure) return new NeedsFullParse(error.message, this.#lineNo);
    return error;
  }

  /**
   * A line of quoted text going on from an earlier line: part of whatever is being kept, moved
   * deeper than the key it belongs to (the text is the same: its leading spaces are folded).
   */
  #quotedLine(text: string, indent: number): void {
    const lines = this.#collectingLines();
    if (lines === undefined) return;
    const chart = this.#chart;
    const base =
      typeof chart === 'object' ? Math.max(chart.item?.mapIndent ?? 0, chart.listIndent + 2) : 0;
    lines.push(indent > base ? text : `${' '.repeat(base + 1)}${text.trimStart()}`);
  }

  finish(): IndexLookupMany {
    this.#atEnd = true;
    this.#finishChecker();
    this.#finishTop(true);
    if (!this.#started || this.#topKeys.size === 0) throw emptyDocumentError();
    return this.#result.toLookup();
  }

  #unsure(reason: string, line = this.#lineNo): never {
    throw new NeedsFullParse(reason, line);
  }

  #blankOrComment(buffer: Buffer, from: number, end: number): void {
    const lines = this.#collectingLines();
    if (lines !== undefined) lines.push(buffer.toString('utf8', from, end));
  }

  /** Where blank and comment lines go: they matter inside block scalars. */
  #collectingLines(): string[] | undefined {
    const top = this.#top;
    if (top?.kind === 'collect') return top.lines;
    const chart = this.#chart;
    if (typeof chart !== 'object') return undefined;
    if (chart.mode === 'section') return chart.section;
    return chart.item?.lines;
  }

  #content(text: string, indent: number, isListItem: boolean, tabbed: boolean): void {
    if (!this.#started) this.#startDocument(text, indent);
    if (indent === 0) {
      this.#topLevelLine(text, isListItem, tabbed);
      return;
    }
    const top = this.#top;
    if (top === undefined) this.#unsure('content before the first key');
    if (top.kind === 'collect') this.#collect(top, text);
    else if (top.kind === 'entries') this.#entriesLine(text, indent, isListItem, tabbed);
  }

  #startDocument(text: string, indent: number): void {
    this.#started = true;
    if (looksLikeHtml(text)) throw htmlPageError();
    if (indent > 0) this.#unsure('an indented document');
    if (text.startsWith('{') || text.startsWith('[')) this.#unsure('flow style (JSON)');
    if (text.startsWith('%')) this.#unsure('a YAML directive');
  }

  #topLevelLine(text: string, isListItem: boolean, tabbed: boolean): void {
    if (tabbed) this.#unsure('a tab at the start of a line');
    if (isDocumentMarker(text, '---')) {
      const isFirst = this.#topKeys.size === 0 && this.#top === undefined;
      if (!isFirst) this.#endDocument();
      else if (!NO_VALUE.test(text.slice(3))) this.#unsure('content after `---`');
      return;
    }
    if (isDocumentMarker(text, '...')) {
      this.#endDocument();
      return;
    }
    const top = this.#top;
    if (isListItem) {
      // A list under a top-level key may sit at the key's own indent.
      if (top === undefined || top.kind === 'entries') this.#unsure('a list at the top level');
      if (top.kind === 'collect') this.#collect(top, text);
      return;
    }
    this.#finishTop(false);
    const parsed = parseKey(text, 0);
    if (parsed === undefined) this.#unsure('a top-level line that is not `key: value`');
    const { key } = parsed;
    if (key === '<<') this.#unsure('a merge key at the top level');
    if (fieldType(INDEX_FIELDS, key) === undefined) {
      throw helmRefusal(`unknown top-level field \`${key}\``, this.#lineNo);
    }
    if (this.#topKeys.has(key)) this.#unsure(`a second top-level \`${key}\``);
    this.#topKeys.add(key);
    const rest = text.slice(parsed.valueStart);
    if (key === 'entries') {
      if (NO_VALUE.test(rest)) {
        this.#top = { kind: 'entries' };
        this.#chartIndent = -1;
        this.#chart = undefined;
        this.#checker = new EntriesLineChecker();
      } else if (EMPTY_MAPPING.test(rest) || NULL_VALUE.test(rest)) {
        this.#committed = true;
        this.#top = { kind: 'skip' };
      } else {
        this.#unsure('`entries` in flow style');
      }
    } else if (key === 'apiVersion' || key === 'serverInfo' || key === 'generated') {
      const lines = [text];
      this.#top = { kind: 'collect', key, lines, chars: text.length, startLine: this.#lineNo };
    } else {
      this.#top = { kind: 'skip' };
    }
  }

  #collect(top: TopSection & { kind: 'collect' }, text: string): void {
    top.lines.push(text);
    top.chars += text.length + 1;
    if (top.chars > MAX_TOP_SECTION_CHARS) this.#unsure(`a very large \`${top.key}\``);
  }

  #entriesLine(text: string, indent: number, isListItem: boolean, tabbed: boolean): void {
    if (this.#chartIndent < 0) {
      if (isListItem || tabbed) this.#unsure('`entries` that is not a mapping');
      this.#chartIndent = indent;
      this.#committed = true;
    }
    if (indent < this.#chartIndent) this.#unsure('a line indented less than the chart names');
    if (indent === this.#chartIndent && !isListItem) {
      if (tabbed) this.#unsure('a tab at the start of a line');
      this.#chartKeyLine(text, indent);
      return;
    }
    const chart = this.#chart;
    if (chart === OTHER_CHART) return;
    if (chart === undefined) this.#unsure('a line under `entries` outside any chart');
    this.#wantedChartLine(chart, text, indent, isListItem, tabbed);
  }

  #chartKeyLine(text: string, indent: number): void {
    this.#finishChart(false);
    const parsed = parseKey(text, indent);
    if (parsed === undefined) this.#unsure('a line under `entries` that is not `chart-name:`');
    const name = goKey(text, indent, parsed.key, this.#lineNo);
    if (name === '<<') this.#unsure('a merge key under `entries`');
    // UnmarshalStrict: `key "x" already set in map`.
    if (this.#allCharts.has(name)) {
      throw helmRefusal(`chart \`${name}\` is listed twice under \`entries\``, this.#lineNo);
    }
    this.#allCharts.add(name);
    const versions = this.#wanted.get(name);
    if (versions === undefined) {
      this.#chart = OTHER_CHART;
      return;
    }
    if (this.#chartsSeen.has(name)) this.#unsure(`chart \`${name}\` listed twice`);
    this.#chartsSeen.add(name);
    const rest = text.slice(parsed.valueStart);
    const mode = NO_VALUE.test(rest)
      ? 'pending'
      : EMPTY_LIST.test(rest) || NULL_VALUE.test(rest)
        ? 'empty'
        : 'section';
    this.#chart = {
      name,
      versions,
      mode,
      listIndent: -1,
      count: 0,
      item: undefined,
      section: mode === 'section' ? [text] : [],
      sectionStart: this.#lineNo,
    };
  }

  #wantedChartLine(
    chart: WantedChart,
    text: string,
    indent: number,
    isListItem: boolean,
    tabbed: boolean,
  ): void {
    switch (chart.mode) {
      case 'section':
        chart.section.push(text);
        return;
      case 'empty':
        this.#unsure('content after an empty version list');
        break;
      case 'pending':
        if (!isListItem || tabbed) this.#unsure('a chart whose versions are not a block list');
        chart.mode = 'list';
        chart.listIndent = indent;
        this.#startItem(chart, text, indent);
        return;
      case 'list':
        if (indent > chart.listIndent && chart.item !== undefined) {
          chart.item.lines.push(text);
          return;
        }
        if (indent === chart.listIndent && isListItem && !tabbed) {
          this.#startItem(chart, text, indent);
          return;
        }
        this.#unsure('a version list with uneven indentation');
    }
  }

  #startItem(chart: WantedChart, text: string, indent: number): void {
    if (chart.item !== undefined) this.#finishItem(chart, chart.item, false);
    let keyAt = indent + 1;
    while (text[keyAt] === ' ') keyAt++;
    const hasKey = keyAt > indent + 1 && parseKey(text, keyAt) !== undefined;
    chart.item = { startLine: this.#lineNo, lines: [text], mapIndent: hasKey ? keyAt : -1 };
  }

  #finishItem(chart: WantedChart, item: Item, atEnd: boolean): void {
    chart.item = undefined;
    const listed = item.mapIndent >= 0 ? listedVersion(item.lines, item.mapIndent) : undefined;
    if (listed !== undefined && !chart.versions.has(listed)) {
      chart.count++;
      return;
    }
    // A trailing line break keeps `|+` block scalars exactly as in the whole document.
    const value = this.#parseFragment(`${item.lines.join('\n')}\n`, item.startLine, atEnd);
    if (!Array.isArray(value) || value.length !== 1) {
      this.#unsure('a list item that does not stand alone', item.startLine);
    }
    if (this.#result.addItem(chart.name, value[0], item.startLine)) chart.count++;
  }

  #finishChart(atEnd: boolean): void {
    const chart = this.#chart;
    this.#chart = undefined;
    if (typeof chart !== 'object') return;
    if (chart.mode === 'list') {
      if (chart.item !== undefined) this.#finishItem(chart, chart.item, atEnd);
      this.#result.setVersionCount(chart.name, chart.count);
    } else if (chart.mode === 'section') {
      const text = `${chart.section.join('\n')}\n`;
      const value = this.#parseFragment(text, chart.sectionStart, atEnd);
      if (!isMapping(value) || !Object.hasOwn(value, chart.name)) {
        this.#unsure(`chart \`${chart.name}\` written in a way this reader does not follow`);
      }
      this.#result.addChart(chart.name, value[chart.name], chart.sectionStart);
    } else {
      this.#result.setVersionCount(chart.name, 0);
    }
  }

  #finishTop(atEnd: boolean): void {
    const top = this.#top;
    this.#top = undefined;
    if (top?.kind === 'entries') {
      this.#finishChart(atEnd);
    } else if (top?.kind === 'collect') {
      const text = `${top.lines.join('\n')}\n`;
      const value = this.#parseFragment(text, top.startLine, atEnd);
      if (!isMapping(value))
        this.#unsure(`\`${top.key}\` that does not stand alone`, top.startLine);
      this.#result.setTopLevel(top.key, own(value, top.key), top.startLine);
    }
  }

  #endDocument(): void {
    // Helm reads only the first document of a stream.
    this.#finishTop(false);
    this.#ended = true;
  }

  /**
   * Parses a few lines cut from the document. An error there is what a full parse would report
   * too, unless the lines refer to something outside them (an alias): then it is left to one.
   */
  #parseFragment(text: string, startLine: number, atEnd: boolean): unknown {
    try {
      return parseYamlValue(text);
    } catch (error) {
      if (error instanceof YAMLParseError) {
        const line = startLine + (error.linePos?.[0].line ?? 1) - 1;
        const summary = yamlErrorSummary(error);
        const orElse =
          atEnd && isErrorAtEnd(error, text)
            ? new IndexFormatError(
                'truncated',
                `the document ends in the middle of a structure at line ${line} (${summary}): was the download cut short?`,
              )
            : helmRefusal(`a YAML error (${summary})`, line);
        throw new NeedsFullParse('a YAML error', line, orElse);
      }
      if (error instanceof StrictKeyError) {
        throw helmRefusal(error.message, startLine + error.line - 1);
      }
      // An alias or merge key whose anchor lies outside these lines, most likely.
      const reason = error instanceof Error ? error.message : String(error);
      throw new NeedsFullParse(`a value that needs the whole document (${reason})`, startLine);
    }
  }
}

/** A chart key as Helm reads it: `~:` refuses the index, `1.10:` is "1.1", `on:` is "true". */
function goKey(text: string, indent: number, key: string, line: number): string {
  const quoted = text[indent] === '"' || text[indent] === "'";
  if (quoted) return key;
  if (/^(?:~|null|Null|NULL)?$/.test(key)) {
    throw helmRefusal('a chart key that is null (`~`, `null` or empty)', line);
  }
  if (goScalarKind(key) === undefined) return key;
  const value = parseYamlValue(`${key}: 0`);
  return isMapping(value) ? (Object.keys(value)[0] ?? key) : key;
}
