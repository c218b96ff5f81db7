export const id = 453;
export const ids = [453];
export const modules = {

/***/ 7453:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  IndexFormatError: () => (/* reexport */ errors/* IndexFormatError */.qP),
  indexEntryKey: () => (/* reexport */ indexEntryKey),
  lookupIndex: () => (/* binding */ lookupIndex),
  lookupIndexMany: () => (/* binding */ lookupIndexMany)
});

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/index/yaml-values.ts

/**
 * Every YAML value is read with the same rules, by the streaming reader and the full parse
 * alike: scalars stay the strings they are written as (`1.10` is "1.10", not the number 1.1;
 * `true` is "true"), except the core-schema nulls (`~`, `null`, empty), which are null. Merge
 * keys (`<<`) apply, as they do in Helm's YAML library.
 */
const nullTag = {
    tag: 'tag:yaml.org,2002:null',
    default: true,
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => null,
    identify: (value) => value === null || value === undefined,
};
const OPTIONS = {
    schema: 'failsafe',
    customTags: [nullTag],
    merge: true,
    uniqueKeys: true,
    logLevel: 'error',
    prettyErrors: true,
};
/**
 * Parses the first YAML document of `text` (Helm reads only the first one). Throws the parser's
 * `YAMLParseError`, or a `ReferenceError` for an alias whose anchor is not in `text`.
 */
function parseYamlValue(text) {
    const documents = (0,dist.parseAllDocuments)(text, OPTIONS);
    const first = Array.isArray(documents) ? documents[0] : undefined;
    if (first === undefined)
        return null;
    const [error] = first.errors;
    if (error !== undefined)
        throw error;
    // Helm's YAML library has no fixed alias limit (PyYAML writes indexes with one shared
    // `maintainers` aliased hundreds of times); aliases share their value, so the expansion
    // stays bounded by the size of the text.
    return first.toJS({ maxAliasCount: Math.max(10_000, text.length) });
}
function isMapping(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function own(mapping, key) {
    return Object.hasOwn(mapping, key) ? mapping[key] : undefined;
}
/** The first line of a yaml error message, without its position (callers give the line). */
function yamlErrorSummary(error) {
    const [first = ''] = error.message.split('\n');
    return first.replace(/ at line \d+, column \d+:?$/, '');
}
/** Error codes the yaml parser reports when a document stops inside a quote or flow collection. */
const UNFINISHED_CODES = new Set(['MISSING_CHAR', 'BAD_INDENT', 'UNEXPECTED_TOKEN']);
/** Whether a parse error sits at the very end of the text: the document was cut short. */
function isErrorAtEnd(error, text) {
    return UNFINISHED_CODES.has(error.code) && error.pos[0] >= text.trimEnd().length;
}
const HTML_START = /^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|!--)/i;
/** An HTML page where YAML was expected: `<!DOCTYPE html`, `<html`, … at the start. */
function looksLikeHtml(start) {
    return HTML_START.test(start.trimStart());
}
/** A short quotation of what was seen, for messages. */
function quote(text) {
    const line = text.trim().split('\n', 1)[0] ?? '';
    return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
}

;// CONCATENATED MODULE: ./src/index/block-syntax.ts
/**
 * Line-level pieces of YAML block syntax the streaming reader recognises. Each answers
 * "undefined" for anything it is not sure about, and the caller then lets a YAML parser decide.
 */

/** Characters a plain (unquoted) key may not start with. */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@` \t');
/** Reads `key:` at `from` (plain or quoted key, then `:` and a space or the line end). */
function parseKey(text, from) {
    const first = text[from];
    if (first === undefined)
        return undefined;
    if (first === '"' || first === "'")
        return parseQuotedKey(text, from, first);
    if (INDICATORS.has(first)) {
        // `-`, `?` and `:` start a plain scalar when a non-space follows them.
        const next = text[from + 1];
        const plainAfterAll = (first === '-' || first === '?' || first === ':') && isNonSpace(next);
        if (!plainAfterAll)
            return undefined;
    }
    for (let i = from + 1; i < text.length; i++) {
        const ch = text[i];
        if (ch === ':' && !isNonSpace(text[i + 1])) {
            const key = text.slice(from, i).replace(/[ \t]+$/, '');
            return { key, valueStart: i + 1 };
        }
        // ` #` starts a comment, so this is no `key:` line.
        if (ch === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t'))
            return undefined;
    }
    return undefined;
}
function isNonSpace(ch) {
    return ch !== undefined && ch !== ' ' && ch !== '\t';
}
function parseQuotedKey(text, from, quote) {
    let escaped = false;
    let close = from + 1;
    for (; close < text.length; close++) {
        const ch = text[close];
        if (quote === '"' && ch === '\\') {
            close++;
            escaped = true;
        }
        else if (ch === quote) {
            if (quote === "'" && text[close + 1] === "'") {
                close++;
                escaped = true;
            }
            else
                break;
        }
    }
    if (close >= text.length)
        return undefined;
    let colon = close + 1;
    while (text[colon] === ' ' || text[colon] === '\t')
        colon++;
    if (text[colon] !== ':' || isNonSpace(text[colon + 1]))
        return undefined;
    const raw = text.slice(from, close + 1);
    const key = escaped ? unquote(raw) : raw.slice(1, -1);
    return key === undefined ? undefined : { key, valueStart: colon + 1 };
}
function unquote(raw) {
    try {
        const value = parseYamlValue(raw);
        return typeof value === 'string' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** Nothing after the `:` but perhaps a comment: the value is on the following lines (or null). */
const NO_VALUE = /^[ \t]*(?:#.*)?$/;
const EMPTY_MAPPING = /^[ \t]+\{[ \t]*\}(?:[ \t]+#.*|[ \t]*)$/;
const EMPTY_LIST = /^[ \t]+\[[ \t]*\](?:[ \t]+#.*|[ \t]*)$/;
const NULL_VALUE = /^[ \t]+(?:~|null|Null|NULL)(?:[ \t]+#.*|[ \t]*)$/;
/**
 * A value whose string is obvious from its text: plain, or quoted without escapes, made of
 * characters versions use. Anything else (escapes, tags, anchors, block scalars) is undefined.
 */
const SIMPLE_VALUE = /^[ \t]+(?:([0-9A-Za-z][\w.+~-]*)|"([\w.+~-]*)"|'([\w.+~-]*)')(?:[ \t]+#.*|[ \t]*)$/;
function simpleValue(rest) {
    const match = SIMPLE_VALUE.exec(rest);
    return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}
function indentOf(line) {
    let i = 0;
    while (line[i] === ' ')
        i++;
    return i;
}
const isBlankOrComment = (line) => /^[ \t]*(?:#|$)/.test(line);
function isDocumentMarker(line, marker) {
    return line.startsWith(marker) && !isNonSpace(line[3]);
}
/** A list item's `- ` (or a lone `-`) at `at`. */
const isListItemAt = (line, at) => line[at] === '-' && !isNonSpace(line[at + 1]);
/**
 * The version an index item lists, read from its lines without parsing them, when that is
 * certain: exactly one `version:` key at the item's mapping indent with a simple one-line value,
 * and every line at that indent a key or a nested list item. Otherwise undefined (parse it).
 */
function listedVersion(lines, mapIndent) {
    let version;
    for (let n = 0; n < lines.length; n++) {
        const line = lines[n] ?? '';
        if (n > 0 && (isBlankOrComment(line) || indentOf(line) !== mapIndent))
            continue;
        if (n > 0 && isListItemAt(line, mapIndent))
            continue;
        const key = parseKey(line, mapIndent);
        if (key === undefined)
            return undefined;
        if (key.key !== 'version')
            continue;
        if (version !== undefined)
            return undefined;
        version = simpleValue(line.slice(key.valueStart));
        if (version === undefined || continuesOnNextLine(lines, n, mapIndent))
            return undefined;
    }
    return version;
}
/** Whether the value on line n may go on (a multi-line plain scalar) on the next lines. */
function continuesOnNextLine(lines, n, mapIndent) {
    for (let m = n + 1; m < lines.length; m++) {
        const line = lines[m] ?? '';
        if (line.trim() === '')
            continue;
        return indentOf(line) > mapIndent;
    }
    return false;
}

// EXTERNAL MODULE: ./src/index/errors.ts
var errors = __webpack_require__(3537);
;// CONCATENATED MODULE: ./src/index/types.ts
const indexEntryKey = (chart, version) => `${chart}@${version}`;

;// CONCATENATED MODULE: ./src/index/result.ts



const optionalString = (value) => typeof value === 'string' ? value : undefined;
/** An index item as an entry; undefined when it has no version string. */
function entryFromItem(item, chart) {
    const version = own(item, 'version');
    if (typeof version !== 'string')
        return undefined;
    const urls = own(item, 'urls');
    const entry = {
        name: optionalString(own(item, 'name')) ?? chart,
        version,
        urls: Array.isArray(urls) ? urls.filter((url) => typeof url === 'string') : [],
    };
    const appVersion = optionalString(own(item, 'appVersion'));
    const digest = optionalString(own(item, 'digest'));
    const created = optionalString(own(item, 'created'));
    if (appVersion !== undefined)
        entry.appVersion = appVersion;
    if (digest !== undefined)
        entry.digest = digest;
    if (created !== undefined)
        entry.created = created;
    return entry;
}
/**
 * What a lookup found, filled the same way by the streaming reader and by the full parse.
 * Items that are not mappings are not versions (Helm skips them when it loads an index).
 */
class LookupResult {
    wanted;
    apiVersion;
    contextPath;
    entries = new Map();
    versionsOfChart = new Map();
    constructor(wanted) {
        this.wanted = wanted;
    }
    /** Records one item of a wanted chart; returns whether it counts as a version. */
    addItem(chart, item) {
        if (!isMapping(item))
            return false;
        const entry = entryFromItem(item, chart);
        if (entry !== undefined && this.wanted.get(chart)?.has(entry.version) === true) {
            const key = indexEntryKey(chart, entry.version);
            // Like Helm, the first of duplicated versions wins.
            if (!this.entries.has(key))
                this.entries.set(key, entry);
        }
        return true;
    }
    setVersionCount(chart, count) {
        this.versionsOfChart.set(chart, count);
    }
    /** Records a wanted chart's whole value: a list of versions, or null for none. */
    addChart(chart, value) {
        if (value === null || value === undefined) {
            this.setVersionCount(chart, 0);
            return;
        }
        if (!Array.isArray(value)) {
            throw new errors/* IndexFormatError */.qP('invalid', `\`entries.${chart}\` is not a list of versions`);
        }
        let count = 0;
        for (const item of value)
            if (this.addItem(chart, item))
                count++;
        this.setVersionCount(chart, count);
    }
    /** Takes what the lookup reports from a top-level key (`apiVersion`, `serverInfo`). */
    setTopLevel(key, value) {
        if (key === 'apiVersion')
            this.apiVersion = optionalString(value);
        if (key === 'serverInfo') {
            this.contextPath = isMapping(value) ? optionalString(own(value, 'contextPath')) : undefined;
        }
    }
    toLookup() {
        return {
            ...(this.apiVersion !== undefined && { apiVersion: this.apiVersion }),
            ...(this.contextPath !== undefined && { contextPath: this.contextPath }),
            entries: this.entries,
            versionsOfChart: this.versionsOfChart,
        };
    }
}

;// CONCATENATED MODULE: ./src/index/block-scanner.ts





const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const DASH = 0x2d;
/** apiVersion and serverInfo are small; a huge one is something else. */
const MAX_TOP_SECTION_CHARS = 1 << 20;
/** The current chart under `entries` is one nobody asked for. */
const OTHER_CHART = 'other';
/**
 * The fast path: reads a block-style index (as Helm, ChartMuseum and Harbor write it) line by
 * line. Only indentation and line starts are looked at, except for the wanted charts, whose
 * versions are kept one list item at a time and parsed with the yaml package. Anything it does
 * not recognise for certain throws NeedsFullParse instead of guessing.
 */
class BlockIndexScanner {
    #wanted;
    #result;
    #lineNo = 0;
    #started = false;
    #ended = false;
    #committed = false;
    #top;
    #topKeys = new Set();
    #chartIndent = -1;
    #chart;
    #chartsSeen = new Set();
    constructor(wanted) {
        this.#wanted = wanted;
        this.#result = new LookupResult(wanted);
    }
    /**
     * True once the document has shown a block-style `entries` mapping: from then on a full parse
     * is rarely needed, and the caller may stop keeping the raw document for one.
     */
    get committed() {
        return this.#committed;
    }
    line(buffer, start, end) {
        this.#lineNo++;
        if (this.#ended)
            return;
        const chartIndent = this.#chartIndent;
        if (this.#chart === OTHER_CHART) {
            // The hot path: a line indented deeper than the chart names belongs to the current
            // chart's value (YAML allows nothing else there), and this chart is not wanted.
            const last = start + chartIndent;
            if (end > last) {
                let k = start;
                while (k <= last && buffer[k] === SPACE)
                    k++;
                if (k > last)
                    return;
            }
        }
        let from = start;
        if (this.#lineNo === 1 &&
            buffer[start] === 0xef &&
            buffer[start + 1] === 0xbb &&
            buffer[start + 2] === 0xbf) {
            from += 3;
        }
        let i = from;
        while (i < end && buffer[i] === SPACE)
            i++;
        const indent = i - from;
        const first = i < end ? buffer[i] : undefined;
        if (first === undefined || first === HASH) {
            this.#blankOrComment(buffer, from, end);
            return;
        }
        let tabbed = false;
        if (first === TAB) {
            let j = i;
            while (j < end && (buffer[j] === SPACE || buffer[j] === TAB))
                j++;
            if (j === end || buffer[j] === HASH) {
                this.#blankOrComment(buffer, from, end);
                return;
            }
            tabbed = true;
        }
        const next = buffer[i + 1];
        const isListItem = first === DASH && (i + 1 === end || next === SPACE || next === TAB);
        // Versions of charts nobody asked for, in Helm's layout (`- ` at the chart name's indent).
        if (this.#chart === OTHER_CHART && indent === chartIndent && isListItem)
            return;
        this.#content(buffer.toString('utf8', from, end), indent, isListItem, tabbed);
    }
    finish() {
        this.#finishTop(true);
        if (!this.#started || this.#topKeys.size === 0)
            throw (0,errors/* emptyDocumentError */.Vt)();
        if (!this.#topKeys.has('entries'))
            throw (0,errors/* missingEntriesError */.rp)([...this.#topKeys]);
        return this.#result.toLookup();
    }
    #unsure(reason, line = this.#lineNo) {
        throw new errors/* NeedsFullParse */._v(reason, line);
    }
    #blankOrComment(buffer, from, end) {
        const lines = this.#collectingLines();
        if (lines !== undefined)
            lines.push(buffer.toString('utf8', from, end));
    }
    /** Where blank and comment lines go: they matter inside block scalars. */
    #collectingLines() {
        const top = this.#top;
        if (top?.kind === 'collect')
            return top.lines;
        const chart = this.#chart;
        if (typeof chart !== 'object')
            return undefined;
        if (chart.mode === 'section')
            return chart.section;
        return chart.item?.lines;
    }
    #content(text, indent, isListItem, tabbed) {
        if (!this.#started)
            this.#startDocument(text, indent);
        if (indent === 0) {
            this.#topLevelLine(text, isListItem, tabbed);
            return;
        }
        const top = this.#top;
        if (top === undefined)
            this.#unsure('content before the first key');
        if (top.kind === 'collect')
            this.#collect(top, text);
        else if (top.kind === 'entries')
            this.#entriesLine(text, indent, isListItem, tabbed);
    }
    #startDocument(text, indent) {
        this.#started = true;
        if (looksLikeHtml(text))
            throw (0,errors/* htmlPageError */.V3)();
        if (indent > 0)
            this.#unsure('an indented document');
        if (text.startsWith('{') || text.startsWith('['))
            this.#unsure('flow style (JSON)');
        if (text.startsWith('%'))
            this.#unsure('a YAML directive');
    }
    #topLevelLine(text, isListItem, tabbed) {
        if (tabbed)
            this.#unsure('a tab at the start of a line');
        if (isDocumentMarker(text, '---')) {
            const isFirst = this.#topKeys.size === 0 && this.#top === undefined;
            if (!isFirst)
                this.#endDocument();
            else if (!NO_VALUE.test(text.slice(3)))
                this.#unsure('content after `---`');
            return;
        }
        if (isDocumentMarker(text, '...')) {
            this.#endDocument();
            return;
        }
        const top = this.#top;
        if (isListItem) {
            // A list under a top-level key may sit at the key's own indent.
            if (top === undefined || top.kind === 'entries')
                this.#unsure('a list at the top level');
            if (top.kind === 'collect')
                this.#collect(top, text);
            return;
        }
        this.#finishTop(false);
        const parsed = parseKey(text, 0);
        if (parsed === undefined)
            this.#unsure('a top-level line that is not `key: value`');
        const { key } = parsed;
        if (key === '<<')
            this.#unsure('a merge key at the top level');
        if (this.#topKeys.has(key))
            this.#unsure(`a second top-level \`${key}\``);
        this.#topKeys.add(key);
        const rest = text.slice(parsed.valueStart);
        if (key === 'entries') {
            if (NO_VALUE.test(rest)) {
                this.#top = { kind: 'entries' };
                this.#chartIndent = -1;
                this.#chart = undefined;
            }
            else if (EMPTY_MAPPING.test(rest) || NULL_VALUE.test(rest)) {
                this.#committed = true;
                this.#top = { kind: 'skip' };
            }
            else {
                this.#unsure('`entries` in flow style');
            }
        }
        else if (key === 'apiVersion' || key === 'serverInfo') {
            const lines = [text];
            this.#top = { kind: 'collect', key, lines, chars: text.length, startLine: this.#lineNo };
        }
        else {
            this.#top = { kind: 'skip' };
        }
    }
    #collect(top, text) {
        top.lines.push(text);
        top.chars += text.length + 1;
        if (top.chars > MAX_TOP_SECTION_CHARS)
            this.#unsure(`a very large \`${top.key}\``);
    }
    #entriesLine(text, indent, isListItem, tabbed) {
        if (this.#chartIndent < 0) {
            if (isListItem || tabbed)
                this.#unsure('`entries` that is not a mapping');
            this.#chartIndent = indent;
            this.#committed = true;
        }
        if (indent < this.#chartIndent)
            this.#unsure('a line indented less than the chart names');
        if (indent === this.#chartIndent && !isListItem) {
            if (tabbed)
                this.#unsure('a tab at the start of a line');
            this.#chartKeyLine(text, indent);
            return;
        }
        const chart = this.#chart;
        if (chart === OTHER_CHART)
            return;
        if (chart === undefined)
            this.#unsure('a line under `entries` outside any chart');
        this.#wantedChartLine(chart, text, indent, isListItem, tabbed);
    }
    #chartKeyLine(text, indent) {
        this.#finishChart(false);
        const parsed = parseKey(text, indent);
        if (parsed === undefined)
            this.#unsure('a line under `entries` that is not `chart-name:`');
        const name = parsed.key;
        if (name === '<<')
            this.#unsure('a merge key under `entries`');
        const versions = this.#wanted.get(name);
        if (versions === undefined) {
            this.#chart = OTHER_CHART;
            return;
        }
        if (this.#chartsSeen.has(name))
            this.#unsure(`chart \`${name}\` listed twice`);
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
    #wantedChartLine(chart, text, indent, isListItem, tabbed) {
        switch (chart.mode) {
            case 'section':
                chart.section.push(text);
                return;
            case 'empty':
                this.#unsure('content after an empty version list');
                break;
            case 'pending':
                if (!isListItem || tabbed)
                    this.#unsure('a chart whose versions are not a block list');
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
    #startItem(chart, text, indent) {
        if (chart.item !== undefined)
            this.#finishItem(chart, chart.item, false);
        let keyAt = indent + 1;
        while (text[keyAt] === ' ')
            keyAt++;
        const hasKey = keyAt > indent + 1 && parseKey(text, keyAt) !== undefined;
        chart.item = { startLine: this.#lineNo, lines: [text], mapIndent: hasKey ? keyAt : -1 };
    }
    #finishItem(chart, item, atEnd) {
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
        if (this.#result.addItem(chart.name, value[0]))
            chart.count++;
    }
    #finishChart(atEnd) {
        const chart = this.#chart;
        this.#chart = undefined;
        if (typeof chart !== 'object')
            return;
        if (chart.mode === 'list') {
            if (chart.item !== undefined)
                this.#finishItem(chart, chart.item, atEnd);
            this.#result.setVersionCount(chart.name, chart.count);
        }
        else if (chart.mode === 'section') {
            const text = `${chart.section.join('\n')}\n`;
            const value = this.#parseFragment(text, chart.sectionStart, atEnd);
            if (!isMapping(value) || !Object.hasOwn(value, chart.name)) {
                this.#unsure(`chart \`${chart.name}\` written in a way this reader does not follow`);
            }
            this.#result.addChart(chart.name, value[chart.name]);
        }
        else {
            this.#result.setVersionCount(chart.name, 0);
        }
    }
    #finishTop(atEnd) {
        const top = this.#top;
        this.#top = undefined;
        if (top?.kind === 'entries') {
            this.#finishChart(atEnd);
        }
        else if (top?.kind === 'collect') {
            const text = `${top.lines.join('\n')}\n`;
            const value = this.#parseFragment(text, top.startLine, atEnd);
            if (!isMapping(value))
                this.#unsure(`\`${top.key}\` that does not stand alone`, top.startLine);
            this.#result.setTopLevel(top.key, own(value, top.key));
        }
    }
    #endDocument() {
        // Helm reads only the first document of a stream.
        this.#finishTop(false);
        this.#ended = true;
    }
    /**
     * Parses a few lines cut from the document. An error there is what a full parse would report
     * too, unless the lines refer to something outside them (an alias): then it is left to one.
     */
    #parseFragment(text, startLine, atEnd) {
        try {
            return parseYamlValue(text);
        }
        catch (error) {
            if (error instanceof dist.YAMLParseError) {
                const line = startLine + (error.linePos?.[0].line ?? 1) - 1;
                const summary = yamlErrorSummary(error);
                const orElse = atEnd && isErrorAtEnd(error, text)
                    ? new errors/* IndexFormatError */.qP('truncated', `the document ends in the middle of a structure at line ${line} (${summary}): was the download cut short?`)
                    : new errors/* IndexFormatError */.qP('invalid', `YAML error at line ${line}: ${summary}`);
                throw new errors/* NeedsFullParse */._v('a YAML error', line, orElse);
            }
            // An alias or merge key whose anchor lies outside these lines, most likely.
            const reason = error instanceof Error ? error.message : String(error);
            throw new errors/* NeedsFullParse */._v(`a value that needs the whole document (${reason})`, startLine);
        }
    }
}

;// CONCATENATED MODULE: ./src/index/full-parse.ts




/**
 * The slow, exact path: parses a whole index held in memory. Used only for what the streaming
 * reader leaves alone — flow-style YAML, JSON, directives, several documents, anchors used across
 * items — so its memory cost is paid only by indexes written that way.
 */
function lookupInText(text, wanted) {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    if (looksLikeHtml(body.slice(0, 1024)))
        throw (0,errors/* htmlPageError */.V3)();
    if (body.includes('\0')) {
        throw new errors/* IndexFormatError */.qP('invalid', 'expected YAML, got binary data');
    }
    // YAML treats a lone CR as a line break; the yaml package does not.
    const normalized = body.includes('\r') ? body.replace(/\r(?!\n)/g, '\n') : body;
    return lookupInValue(parseIndexText(normalized), wanted);
}
function parseIndexText(text) {
    if (text.trimStart().startsWith('{')) {
        const json = parseJson(text);
        if (json !== NOT_JSON)
            return json;
    }
    try {
        return parseYamlValue(text);
    }
    catch (error) {
        if (error instanceof dist.YAMLParseError) {
            const line = error.linePos?.[0].line;
            const where = line === undefined ? '' : ` at line ${line}`;
            if (isErrorAtEnd(error, text)) {
                throw new errors/* IndexFormatError */.qP('truncated', `the document ends in the middle of a structure${where} (${yamlErrorSummary(error)}): was the download cut short?`, { cause: error });
            }
            throw new errors/* IndexFormatError */.qP('invalid', `YAML error${where}: ${yamlErrorSummary(error)}`, {
                cause: error,
            });
        }
        // Aliases without anchors, merge keys on non-mappings, alias bombs.
        const reason = error instanceof Error ? error.message : String(error);
        throw new errors/* IndexFormatError */.qP('invalid', `YAML error: ${reason}`, { cause: error });
    }
}
const NOT_JSON = Symbol('not JSON');
/**
 * JSON is YAML, and far cheaper to parse as JSON. Numbers and booleans keep their source text,
 * as YAML scalars do here.
 */
function parseJson(text) {
    try {
        return JSON.parse(text, (_key, value, context) => typeof value === 'number' || typeof value === 'boolean'
            ? (context?.source ?? String(value))
            : value);
    }
    catch (error) {
        if (!(error instanceof SyntaxError))
            throw error;
        const position = /position (\d+)/.exec(error.message)?.[1];
        const atEnd = /end of JSON input/i.test(error.message) ||
            (position !== undefined && Number(position) >= text.trimEnd().length);
        if (atEnd) {
            throw new errors/* IndexFormatError */.qP('truncated', 'the JSON document ends in the middle of a structure: was the download cut short?', { cause: error });
        }
        // Not strict JSON, perhaps flow-style YAML: the YAML parser decides.
        return NOT_JSON;
    }
}
/** Reads the wanted versions out of a parsed index. */
function lookupInValue(root, wanted) {
    if (root === null || root === undefined) {
        throw (0,errors/* emptyDocumentError */.Vt)();
    }
    if (!isMapping(root)) {
        const seen = Array.isArray(root)
            ? 'a list'
            : typeof root === 'string'
                ? `the text ${quote(root)}`
                : typeof root;
        throw new errors/* IndexFormatError */.qP('invalid', `expected a YAML mapping with \`entries\`, got ${seen}`);
    }
    if (!Object.hasOwn(root, 'entries'))
        throw (0,errors/* missingEntriesError */.rp)(Object.keys(root));
    const result = new LookupResult(wanted);
    result.setTopLevel('apiVersion', own(root, 'apiVersion'));
    result.setTopLevel('serverInfo', own(root, 'serverInfo'));
    const entries = own(root, 'entries');
    if (entries === null)
        return result.toLookup();
    if (!isMapping(entries)) {
        throw new errors/* IndexFormatError */.qP('invalid', '`entries` is not a mapping of chart names to versions');
    }
    for (const chart of wanted.keys()) {
        if (Object.hasOwn(entries, chart))
            result.addChart(chart, entries[chart]);
    }
    return result.toLookup();
}

;// CONCATENATED MODULE: ./src/index/lines.ts

const LF = 0x0a;
const CR = 0x0d;
/**
 * Cuts a byte stream into lines without decoding it: a line split between chunks is joined
 * first, so a multi-byte character split between chunks is whole again before anyone decodes it.
 * LF and CRLF end lines; a lone CR (also a YAML line break) is left to the full parse.
 */
class LineSplitter {
    #sink;
    #pending = [];
    #crAtChunkEnd = false;
    #lineNo = 0;
    constructor(sink) {
        this.#sink = sink;
    }
    push(chunk) {
        if (chunk.length === 0)
            return;
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
            if (lf < 0)
                break;
            this.#emit(chunk, position, lf);
            position = lf + 1;
        }
        if (position < chunk.length)
            this.#pending.push(chunk.subarray(position));
    }
    /** Emits the last line when the document does not end with a line break. */
    end() {
        if (this.#pending.length === 0)
            return;
        const line = Buffer.concat(this.#pending);
        this.#pending = [];
        this.#emit(line, 0, line.length);
    }
    #emit(buffer, start, end) {
        this.#lineNo++;
        this.#sink.line(buffer, start, end > start && buffer[end - 1] === CR ? end - 1 : end);
    }
    #checkCarriageReturns(chunk) {
        if (this.#crAtChunkEnd && chunk[0] !== LF)
            this.#loneCarriageReturn();
        this.#crAtChunkEnd = false;
        for (let cr = chunk.indexOf(CR); cr >= 0; cr = chunk.indexOf(CR, cr + 1)) {
            if (cr === chunk.length - 1)
                this.#crAtChunkEnd = true;
            else if (chunk[cr + 1] !== LF)
                this.#loneCarriageReturn();
        }
    }
    #loneCarriageReturn() {
        throw new errors/* NeedsFullParse */._v('a line break that is a lone CR', this.#lineNo + 1);
    }
}

;// CONCATENATED MODULE: ./src/index/lookup.ts







/**
 * Once the document has shown itself to be block-style YAML, its raw bytes are kept for a full
 * parse only up to this size: beyond it a full parse would not fit in memory anyway.
 */
const KEEP_FOR_FULL_PARSE_BYTES = 8 * 1024 * 1024;
/** A full parse of a larger document (flow style, JSON) is refused rather than risked. */
const MAX_FULL_PARSE_BYTES = 256 * 1024 * 1024;
/**
 * Finds one chart version in a chart repository's index.yaml, streamed: see lookupIndexMany.
 */
async function lookupIndex(source, chart, version, options) {
    const found = await lookupIndexMany(source, [{ chart, version }], options);
    const entry = found.entries.get(indexEntryKey(chart, version));
    const versionsOfChart = found.versionsOfChart.get(chart);
    return {
        ...(found.apiVersion !== undefined && { apiVersion: found.apiVersion }),
        ...(found.contextPath !== undefined && { contextPath: found.contextPath }),
        ...(entry !== undefined && { entry }),
        versionsOfChart: versionsOfChart ?? 0,
        chartFound: versionsOfChart !== undefined,
    };
}
/**
 * Finds chart versions in a chart repository's index.yaml in one pass over the stream.
 *
 * Block-style YAML, as Helm, ChartMuseum and Harbor write it, is read line by line: only the
 * lines of the wanted charts' current version are kept and parsed, so memory stays flat however
 * large the index. Anything else — flow style, JSON, directives, anchors referenced across
 * versions, lone-CR line breaks — is parsed whole, which holds the document in memory; that is
 * fine for the small hand-written indexes that use such styles. Throws IndexFormatError for an
 * HTML page, a document that is not an index, or one that was cut short.
 */
async function lookupIndexMany(source, wanted, options = {}) {
    const keepLimit = options.keepForFullParseBytes ?? KEEP_FOR_FULL_PARSE_BYTES;
    const wantedVersions = groupByChart(wanted);
    const scanner = new BlockIndexScanner(wantedVersions);
    const splitter = new LineSplitter(scanner);
    const iterator = source[Symbol.asyncIterator]();
    let kept = [];
    let keptBytes = 0;
    let exhausted = false;
    const read = async () => {
        const next = await iterator.next();
        if (next.done === true) {
            exhausted = true;
            return undefined;
        }
        return toBuffer(next.value);
    };
    try {
        try {
            for (let chunk = await read(); chunk !== undefined; chunk = await read()) {
                kept?.push(chunk);
                keptBytes += chunk.length;
                splitter.push(chunk);
                if (scanner.committed && keptBytes > keepLimit)
                    kept = undefined;
            }
            splitter.end();
            return scanner.finish();
        }
        catch (error) {
            if (!(error instanceof errors/* NeedsFullParse */._v))
                throw error;
            if (kept === undefined)
                throw error.orElse ?? tooLargeToParse(error, keepLimit);
            for (let chunk = await read(); chunk !== undefined; chunk = await read()) {
                kept.push(chunk);
                keptBytes += chunk.length;
                if (keptBytes > MAX_FULL_PARSE_BYTES)
                    throw tooLargeToParse(error, MAX_FULL_PARSE_BYTES);
            }
            return lookupInText(Buffer.concat(kept).toString('utf8'), wantedVersions);
        }
    }
    finally {
        // Stop the download when we stop early (an HTML page, an error), keeping our own error.
        if (!exhausted)
            await iterator.return?.().catch(() => undefined);
    }
}
function tooLargeToParse(cause, limit) {
    const megabytes = Math.round(limit / (1024 * 1024));
    return new errors/* IndexFormatError */.qP('unsupported', `the index uses YAML this reader leaves to a full parse (${cause.message}), and it is larger than the ${megabytes} MB such a parse may use`, { cause });
}
function groupByChart(wanted) {
    const byChart = new Map();
    for (const { chart, version } of wanted) {
        const versions = byChart.get(chart) ?? new Set();
        versions.add(version);
        byChart.set(chart, versions);
    }
    return byChart;
}
function toBuffer(chunk) {
    if (typeof chunk === 'string')
        return Buffer.from(chunk, 'utf8');
    return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}


/***/ })

};
