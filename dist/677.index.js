export const id = 677;
export const ids = [677];
export const modules = {

/***/ 8677:
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
;// CONCATENATED MODULE: ./src/index/go-scalars.ts
/**
 * Scalars and keys as Helm's YAML decoding sees them: go-yaml v2 (YAML 1.1) types plain scalars,
 * and sigs.k8s.io/yaml turns the document into JSON before Helm's strict decode reads it.
 */

/**
 * A plain scalar go-yaml v2 (YAML 1.1) reads as a number or boolean, kept with its text: Helm
 * refuses the index where text is expected (`version: 1.10`), stringifies it in `digest` and keys.
 */
class GoTyped {
    kind;
    text;
    constructor(kind, text) {
        this.kind = kind;
        this.text = text;
    }
    toString() {
        return this.text;
    }
}
const GO_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;
const GO_FLOAT = /^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Whether a character code can start a Go YAML number: a digit, a sign or a dot. */
const startsNumber = (c) => (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;
/** How go-yaml v2 reads a plain scalar that is not null: as text, or as a number or boolean. */
function goScalarKind(text) {
    // Booleans are at most five letters.
    if (!startsNumber(text.charCodeAt(0))) {
        return text.length <= 5 && GO_BOOL.test(text) ? 'bool' : undefined;
    }
    if (GO_BOOL.test(text))
        return 'bool';
    if (GO_INT.test(text))
        return 'int';
    if (GO_FLOAT.test(text))
        return 'float';
    return undefined;
}
/**
 * Map keys as sigs.k8s.io/yaml turns them into JSON keys: a number or boolean becomes its Go
 * text (`1.10:` is "1.1", `on:` is "true"), a null key refuses the document.
 */
function goKeys(document, lineCounter) {
    const lineOf = (node) => lineCounter.linePos(node.range?.[0] ?? 0).line;
    (0,dist.visit)(document, {
        Map(_key, map) {
            mergeOverride(document, map, lineOf);
        },
        Pair(_key, pair) {
            const key = pair.key;
            if (!(0,dist.isScalar)(key))
                return;
            if (key.value === null) {
                throw new StrictKeyError('a mapping key that is null (`~`, `null` or empty)', lineOf(key));
            }
            if (key.value instanceof GoTyped)
                key.value = goKeyText(key.value);
        },
    });
}
/**
 * A key Helm's strict decode refuses: a null key (sigs.k8s.io/yaml "unsupported map key"), or one
 * set both by a merge (`<<`) and in the mapping (go-yaml v2: "key … already set in map").
 */
class StrictKeyError extends Error {
    line;
    name = 'StrictKeyError';
    constructor(message, line) {
        super(message);
        this.line = line;
    }
}
function mergeOverride(document, map, lineOf) {
    const merged = new Set();
    for (const pair of map.items) {
        if (!(0,dist.isScalar)(pair.key) || typeof pair.key.value !== 'symbol')
            continue;
        const value = pair.value;
        const sources = (0,dist.isSeq)(value) ? value.items : [value];
        for (const source of sources) {
            const target = (0,dist.isAlias)(source) ? source.resolve(document) : source;
            if ((0,dist.isMap)(target))
                for (const item of target.items)
                    if ((0,dist.isScalar)(item.key))
                        merged.add(item.key.value);
        }
    }
    if (merged.size === 0)
        return;
    for (const pair of map.items) {
        if ((0,dist.isScalar)(pair.key) && typeof pair.key.value !== 'symbol' && merged.has(pair.key.value)) {
            throw new StrictKeyError(`key \`${String(pair.key.value)}\` is set twice in one mapping (once by \`<<\`)`, lineOf(pair.key));
        }
    }
}
/** Go's text of a number or boolean key (strconv.FormatFloat(f, 'g', -1, 64) for floats). */
function goKeyText(value) {
    if (value.kind === 'bool')
        return /^(?:y|yes|true|on)$/i.test(value.text) ? 'true' : 'false';
    const plain = value.text.replaceAll('_', '');
    if (value.kind === 'int') {
        const digits = plain.replace(/^[-+]/, '');
        const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
        return ((plain.startsWith('-') ? -1n : 1n) * BigInt(octal)).toString();
    }
    const number = Number(plain.replace(/^([-+]?)\./, '$10.').replace(/\.(?=$|[eE])/, ''));
    if (Number.isNaN(number))
        return 'NaN';
    if (!Number.isFinite(number))
        return number > 0 ? '+Inf' : '-Inf';
    const exponent = number === 0 ? 0 : Math.floor(Math.log10(Math.abs(number)));
    if (exponent < -4 || exponent >= 6) {
        const [mantissa = '', power = '0'] = number.toExponential().split('e');
        const sign = power.startsWith('-') ? '-' : '+';
        return `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
    }
    return String(number);
}

;// CONCATENATED MODULE: ./src/index/yaml-values.ts


/**
 * One set of YAML rules for both readers: scalars stay their text (`1.10` is "1.10", kept as
 * GoTyped) except core-schema nulls (`~`, `null`, empty); merge keys apply, as in Helm.
 */
const nullTag = {
    tag: 'tag:yaml.org,2002:null',
    default: true,
    test: /^(?:~|[Nn]ull|NULL)?$/,
    resolve: () => null,
    identify: (value) => value === null || value === undefined,
};
const goTag = (kind, tag, test) => ({
    tag: `tag:yaml.org,2002:${tag}`,
    default: true,
    test,
    resolve: (text) => new GoTyped(kind, text),
    identify: (value) => value instanceof GoTyped && value.kind === kind,
});

const OPTIONS = {
    schema: 'failsafe',
    customTags: [
        nullTag,
        goTag('bool', 'bool', GO_BOOL),
        goTag('int', 'int', GO_INT),
        goTag('float', 'float', GO_FLOAT),
    ],
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
    const lineCounter = new dist.LineCounter();
    const documents = (0,dist.parseAllDocuments)(text, { ...OPTIONS, lineCounter });
    const first = Array.isArray(documents) ? documents[0] : undefined;
    if (first === undefined)
        return null;
    const [error] = first.errors;
    if (error !== undefined)
        throw error;
    goKeys(first, lineCounter);
    // Helm's YAML library has no fixed alias limit (PyYAML writes indexes with one shared
    // `maintainers` aliased hundreds of times); aliases share their value, and the expansion
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
 * An item's version read without parsing, only when certain (one one-line `version:` key at the
 * mapping indent, every line there a key or nested list item); otherwise undefined: parse it.
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
;// CONCATENATED MODULE: ./src/index/helm-rules.ts
/**
 * Helm's index loading (helm/helm pkg/repo/index.go `loadIndex`, pkg/repo/v1 in Helm 4): a strict
 * decode refuses the whole index, then `ChartVersion.Validate` drops single entries.
 */


/** chart.Metadata (inline) and ChartVersion's own fields. */
const CHART_VERSION_FIELDS = {
    name: 'text',
    home: 'text',
    sources: 'texts',
    version: 'text',
    description: 'text',
    keywords: 'texts',
    maintainers: 'maintainers',
    icon: 'text',
    apiversion: 'text',
    condition: 'text',
    tags: 'text',
    appversion: 'text',
    deprecated: 'bool',
    annotations: 'textMap',
    kubeversion: 'text',
    dependencies: 'dependencies',
    type: 'text',
    urls: 'textsConv',
    created: 'time',
    removed: 'bool',
    digest: 'textConv',
    checksum: 'textConv',
    engine: 'textConv',
    tillerversion: 'textConv',
    url: 'textConv',
};
const MAINTAINER_FIELDS = { name: 'text', email: 'text', url: 'text' };
const DEPENDENCY_FIELDS = {
    name: 'text',
    version: 'text',
    repository: 'text',
    condition: 'text',
    tags: 'texts',
    enabled: 'bool',
    'import-values': 'any',
    alias: 'text',
};
/** IndexFile's fields; `entries` is read separately. */
const INDEX_FIELDS = {
    apiversion: 'textConv',
    generated: 'time',
    entries: 'any',
    publickeys: 'textsConv',
    serverinfo: 'any',
    annotations: 'textMap',
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
/** Go's encoding/json matches field names without regard to case. */
const fieldType = (fields, key) => fields[key.toLowerCase()];
const describe = (value) => value instanceof GoTyped
    ? `\`${value.text}\` (a ${value.kind === 'bool' ? 'boolean' : 'number'})`
    : JSON.stringify(value);
/** Checks one value against the Go type Helm decodes it into; returns why it is refused. */
function typeProblem(type, value, where) {
    if (value === null || value === undefined || type === 'any')
        return undefined;
    switch (type) {
        case 'texts':
        case 'textsConv': {
            if (!Array.isArray(value))
                return `\`${where}\` is not a list`;
            const itemType = type === 'texts' ? 'text' : 'textConv';
            return firstProblem(value, (item) => typeProblem(itemType, item, where));
        }
        case 'textMap':
            if (!isMapping(value))
                return `\`${where}\` is not a mapping`;
            return firstProblem(Object.entries(value), ([key, item]) => typeProblem('text', item, `${where}.${key}`));
        case 'maintainers':
            return listProblem(MAINTAINER_FIELDS, value, where);
        case 'dependencies':
            return listProblem(DEPENDENCY_FIELDS, value, where);
        default:
            return scalarProblem(type, value, where);
    }
}
function firstProblem(items, check) {
    for (const item of items) {
        const problem = check(item);
        if (problem !== undefined)
            return problem;
    }
    return undefined;
}
function scalarProblem(type, value, where) {
    switch (type) {
        case 'text':
            if (value instanceof GoTyped)
                return `\`${where}\` is ${describe(value)} where Helm expects text (quote it)`;
            return typeof value === 'string' ? undefined : `\`${where}\` is not text`;
        case 'textConv':
            return typeof value === 'string' || value instanceof GoTyped
                ? undefined
                : `\`${where}\` is not text`;
        case 'bool':
            return value instanceof GoTyped && value.kind === 'bool'
                ? undefined
                : `\`${where}\` is ${describe(value)} where Helm expects true or false`;
        case 'time':
            return typeof value === 'string' && RFC3339.test(value)
                ? undefined
                : `\`${where}\` is ${describe(value)}, not an RFC 3339 time`;
    }
}
function listProblem(fields, value, where) {
    if (!Array.isArray(value))
        return `\`${where}\` is not a list`;
    for (const item of value) {
        if (item === null)
            continue;
        if (!isMapping(item))
            return `\`${where}\` holds something that is not a mapping`;
        const problem = mappingProblem(fields, item, where);
        if (problem !== undefined)
            return problem;
    }
    return undefined;
}
/** Unknown fields and wrong types in one mapping (strict decoding refuses both). */
function mappingProblem(fields, item, where) {
    for (const [key, value] of Object.entries(item)) {
        const type = fieldType(fields, key);
        if (type === undefined)
            return `unknown field \`${key}\` in \`${where}\``;
        const problem = typeProblem(type, value, `${where}.${key}`);
        if (problem !== undefined)
            return problem;
    }
    return undefined;
}
/** Masterminds semver `NewVersion`, as Helm's chart validation uses it. */
const SEMVER = /^v?(?:0|[1-9]\d*|0\d+)(?:\.\d+)?(?:\.\d+)?(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const isHelmSemver = (version) => SEMVER.test(version);
/** Helm's `sanitizeString`: white space becomes a space, other unprintable characters go. */
function sanitize(text) {
    return text.replace(/\s/gu, ' ').replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, '');
}
const ALIAS = /^[a-zA-Z0-9_-]*$/;
/** Why Helm drops this (already type-checked) entry when it loads the index, if it does. */
function dropReason(item) {
    const get = (key) => Object.entries(item).find(([k]) => k.toLowerCase() === key)?.[1];
    const text = (key) => {
        const value = get(key);
        return typeof value === 'string' ? sanitize(value) : '';
    };
    const name = text('name');
    if (name === '')
        return 'no name';
    if (name.includes('/') || name === '.' || name === '..')
        return `name ${JSON.stringify(name)}`;
    const version = text('version');
    if (!isHelmSemver(version))
        return `version ${JSON.stringify(version)} is not SemVer`;
    const type = text('type');
    if (type !== '' && type !== 'application' && type !== 'library')
        return 'bad chart type';
    const dependencies = get('dependencies');
    if (Array.isArray(dependencies)) {
        for (const dependency of dependencies) {
            if (!isMapping(dependency))
                return 'an empty dependency';
            const alias = Object.entries(dependency).find(([k]) => k.toLowerCase() === 'alias')?.[1];
            if (typeof alias === 'string' && !ALIAS.test(alias))
                return 'a bad dependency alias';
        }
    }
    const maintainers = get('maintainers');
    if (Array.isArray(maintainers) && maintainers.some((m) => m === null))
        return 'an empty maintainer';
    return undefined;
}
/** The text sigs.k8s.io/yaml makes of a number or boolean decoded into a Go string. */
function goText(value) {
    if (typeof value === 'string')
        return value;
    if (!(value instanceof GoTyped))
        return undefined;
    if (value.kind === 'bool')
        return /^(?:y|yes|true|on)$/i.test(value.text) ? 'true' : 'false';
    const plain = value.text.replaceAll('_', '');
    if (value.kind === 'int') {
        const negative = plain.startsWith('-');
        const digits = plain.replace(/^[-+]/, '');
        const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
        const parsed = BigInt(octal);
        return (negative ? -parsed : parsed).toString();
    }
    const number = Number(plain.replace(/^([-+]?)\./, '$10.').replace(/\.(?=$|[eE])/, ''));
    if (Number.isNaN(number))
        return 'NaN';
    if (!Number.isFinite(number))
        return number > 0 ? '+Inf' : '-Inf';
    // strconv.FormatFloat(f, 'g', -1, 32): the shortest text that reads back as the same float32.
    const single = Math.fround(number);
    for (let digits = 1; digits <= 9; digits++) {
        const text = single.toPrecision(digits);
        if (Math.fround(Number(text)) === single)
            return goFloatText(Number(text), digits);
    }
    return String(single);
}
function goFloatText(number, digits) {
    const exponent = number === 0 ? 0 : Math.floor(Math.log10(Math.abs(number)));
    if (exponent < -4 || exponent >= 6) {
        const [mantissa = '', power = '0'] = number.toExponential(digits - 1).split('e');
        const sign = power.startsWith('-') ? '-' : '+';
        return `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
    }
    return String(number);
}

;// CONCATENATED MODULE: ./src/index/line-values.ts
// Byte-level readers of one YAML line, for the entries line checker.
const SPACE = 0x20;
const TAB = 0x09;
const HASH = 0x23;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const BACKSLASH = 0x5c;
const isBlank = (b) => b === undefined || b === SPACE || b === TAB;
/** Skips blanks and the anchors and tags that come before a value itself. */
function skipProperties(buffer, from, end) {
    let position = from;
    for (;;) {
        while (position < end && (buffer[position] === SPACE || buffer[position] === TAB))
            position++;
        const b = buffer[position];
        if (b !== 0x26 && b !== 0x21)
            return position;
        while (position < end && !isBlank(buffer[position]))
            position++;
    }
}
/** Index of the closing quote in `buffer[from, end)`, or -1 when the text goes on. */
function closingQuote(buffer, from, end, quote) {
    for (let i = from; i < end; i++) {
        const b = buffer[i];
        if (quote === DQUOTE && b === BACKSLASH)
            i++;
        else if (b === quote) {
            if (quote === SQUOTE && buffer[i + 1] === SQUOTE)
                i++;
            else
                return i;
        }
    }
    return -1;
}
/** The `:` ending a plain key on this line, or -1 (no key, or a comment first). */
function keyEnd(buffer, from, end) {
    for (let i = from; i < end; i++) {
        const b = buffer[i];
        if (b === COLON && (i + 1 >= end || isBlank(buffer[i + 1])))
            return i;
        if (b === HASH && i > from && isBlank(buffer[i - 1]))
            return -1;
    }
    return -1;
}
function plainEnd(buffer, from, end) {
    let stop = end;
    for (let i = from + 1; i < end; i++) {
        if (buffer[i] === HASH && isBlank(buffer[i - 1])) {
            stop = i;
            break;
        }
    }
    return trimEnd(buffer, from, stop);
}
function trimEnd(buffer, from, end) {
    let stop = end;
    while (stop > from && isBlank(buffer[stop - 1]))
        stop--;
    return stop;
}
function flowClosesOnLine(buffer, from, end) {
    let depth = 0;
    for (let i = from; i < end; i++) {
        const b = buffer[i];
        if (b === DQUOTE || b === SQUOTE) {
            const close = closingQuote(buffer, i + 1, end, b);
            if (close < 0)
                return false;
            i = close;
        }
        else if (b === 0x5b || b === 0x7b)
            depth++;
        else if (b === 0x5d || b === 0x7d) {
            depth--;
            if (depth === 0)
                return true;
        }
        else if (b === HASH && isBlank(buffer[i - 1]))
            return false;
    }
    return false;
}
/** Whether plain text holds `: ` (or ends in `:`) before any comment: YAML refuses that. */
function hasMappingColon(buffer, from, end) {
    // Most values hold no colon: find one first, then look at what comes before it.
    let colon = buffer.indexOf(COLON, from);
    while (colon >= 0 && colon < end && !(colon + 1 >= end || isBlank(buffer[colon + 1]))) {
        colon = buffer.indexOf(COLON, colon + 1);
    }
    if (colon < 0 || colon >= end)
        return false;
    for (let i = from + 1; i < colon; i++) {
        if (buffer[i] === HASH && isBlank(buffer[i - 1]))
            return false;
    }
    return true;
}
/** The items of a one-line flow list of plain scalars (`[a, b]`), or undefined when nested. */
function flowItems(buffer, from, end) {
    const text = buffer.toString('utf8', from, end);
    const close = text.indexOf(']');
    if (!text.startsWith('[') || close < 0)
        return undefined;
    const inner = text.slice(1, close);
    if (/[[\]{}"'#&*!]/.test(inner))
        return undefined;
    return inner
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** Skips the `- ` of block sequence items at the start of a line: how many, and where after. */
function skipDashes(buffer, at, end) {
    let position = at;
    let dashes = 0;
    while (buffer[position] === 0x2d && (position + 1 >= end || isBlank(buffer[position + 1]))) {
        dashes++;
        position++;
        while (position < end && (buffer[position] === SPACE || buffer[position] === TAB))
            position++;
    }
    return { dashes, position };
}

;// CONCATENATED MODULE: ./src/index/line-fields.ts
// Keys and first bytes of one line, read without decoding where the hot path allows.



/** A chart's key as written, unquoted when simply quoted. */
function chartKey(buffer, position, end) {
    const colon = keyEnd(buffer, position, end);
    const key = buffer.toString('utf8', position, colon < 0 ? end : colon).trim();
    return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}
/** ASCII lower case of a byte; field names are all letters, so other bytes never match one. */
const lower = (b) => (b ?? 0) | 0x20;
/** The fields of a version by length, first and last letter of their (lower-case) name. */
const VERSION_FIELDS = new Map();
for (const [name, type] of Object.entries(CHART_VERSION_FIELDS)) {
    const bytes = Buffer.from(name, 'latin1');
    const hash = fieldHash(bytes, 0, bytes.length);
    VERSION_FIELDS.set(hash, [...(VERSION_FIELDS.get(hash) ?? []), { name: bytes, type }]);
}
function fieldHash(buffer, from, to) {
    return ((to - from) << 16) | (lower(buffer[from]) << 8) | lower(buffer[to - 1]);
}
/**
 * A version's field type from the key's bytes (every version repeats the same keys), matched
 * without case as Go's encoding/json does; non-ASCII case folding goes through the table.
 */
function versionFieldType(buffer, from, to) {
    for (const field of VERSION_FIELDS.get(fieldHash(buffer, from, to)) ?? []) {
        if (sameLetters(buffer, from, field.name))
            return field.type;
    }
    return fieldType(CHART_VERSION_FIELDS, buffer.toString('utf8', from, to));
}
/** Whether `buffer` at `from` spells `name` in any case (names are short: a loop beats a native call). */
function sameLetters(buffer, from, name) {
    for (let i = 0; i < name.length; i++)
        if (lower(buffer[from + i]) !== name[i])
            return false;
    return true;
}
/** Whether a plain value starting with `first` can be a number, boolean or null in Go's YAML. */
function mayBeTyped(first) {
    if (first === undefined)
        return false;
    if (startsNumber(first))
        return true;
    // y, n, t, f, o (either case) start the booleans; ~ and n start null.
    return first === 0x7e || 'ynftoYNFTO'.includes(String.fromCharCode(first));
}

;// CONCATENATED MODULE: ./src/index/line-types.ts
// What Helm's strict decode refuses in one value, judged from the text of a line alone
// (helm/helm pkg/repo/index.go loadIndex; the Go types in pkg/chart/metadata.go).



const NULL = /^(?:~|null|Null|NULL)$/;
const notText = (text, kind) => `\`${text}\` is ${kind === 'bool' ? 'a boolean' : 'a number'} where Helm expects text (quote it)`;
const expected = (type) => type === 'bool' ? 'true or false' : 'an RFC 3339 time';
/** Why Helm refuses a plain value where it expects `type`. */
function plainProblem(text, type) {
    if (text === '' || NULL.test(text))
        return undefined;
    const kind = goScalarKind(text);
    if (type === 'text')
        return kind === undefined ? undefined : notText(text, kind);
    if (type === 'bool')
        return kind === 'bool' ? undefined : `\`${text}\` where Helm expects true or false`;
    return RFC3339.test(text) ? undefined : `\`${text}\` where Helm expects ${expected(type)}`;
}
/** Why Helm refuses a quoted value (escapes left to the full parse of wanted entries). */
function quotedProblem(text, type) {
    if (type === 'bool')
        return `quoted text where Helm expects ${expected(type)}`;
    if (type === 'time' && !text.includes('\\') && !RFC3339.test(text)) {
        return `${JSON.stringify(text)} where Helm expects ${expected(type)}`;
    }
    return undefined;
}
/** Why Helm refuses the items of a one-line list of texts (`keywords: [web, 42]`). */
function flowTextsProblem(items) {
    for (const item of items) {
        const kind = goScalarKind(item);
        if (kind !== undefined && !NULL.test(item))
            return notText(item, kind);
    }
    return undefined;
}
/** `[`, `{`, `&`, `!`, `*`, `|`, `>` */
const VALUE_STARTS = new Set([0x5b, 0x7b, 0x26, 0x21, 0x2a, 0x7c, 0x3e]);
/**
 * What a version item holds on its `- ` line: nothing (its keys follow), null, a scalar (Helm
 * cannot decode either into ChartVersion), or the start of a mapping.
 */
function itemShape(buffer, position, end) {
    const first = buffer[position];
    if (position >= end || first === HASH)
        return 'empty';
    if (first === 0x7e || first === 0x6e || first === 0x4e) {
        if (NULL.test(buffer.toString('utf8', position, plainEnd(buffer, position, end))))
            return 'null';
    }
    if (first === DQUOTE || first === SQUOTE) {
        const close = closingQuote(buffer, position + 1, end, first);
        const keyed = /^\s*:(?:\s|$)/.test(buffer.toString('utf8', close + 1, end));
        return close >= 0 && !keyed ? 'scalar' : 'mapping';
    }
    if (first === 0x5b || first === 0x7c || first === 0x3e)
        return 'scalar';
    if (VALUE_STARTS.has(first ?? 0))
        return 'mapping';
    return keyEnd(buffer, position, end) < 0 ? 'scalar' : 'mapping';
}

;// CONCATENATED MODULE: ./src/index/line-check.ts



/** Why the line makes Helm refuse the index. */
class LineProblem extends Error {
    line;
    atEnd;
    name = 'LineProblem';
    constructor(why, line, 
    /** The document ended inside a quoted text: most likely a download cut short. */
    atEnd = false) {
        super(why);
        this.line = line;
        this.atEnd = atEnd;
    }
}
/** Thrown for what this checker does not follow (a flow collection over several lines). */
class LineUnsure extends Error {
    name = 'LineUnsure';
}
class EntriesLineChecker {
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
    #typed;
    /** The chart whose versions the lines are, for messages. */
    #chart = '';
    /** A `- ` version item with nothing on its line: its keys must follow, deeper. */
    #emptyItemLine = 0;
    /** Lines deeper than `col` are the items of a list or mapping of texts (keywords, annotations). */
    #texts;
    get inQuote() {
        return this.#quote !== 0;
    }
    set chartIndent(indent) {
        this.#chartIndent = indent;
    }
    line(buffer, from, end, indent, lineNo) {
        this.#lineNo = lineNo;
        if (this.#quote !== 0) {
            const close = closingQuote(buffer, from, end, this.#quote);
            if (close >= 0)
                this.#quote = 0;
            return 'quoted';
        }
        const at = from + indent;
        const first = buffer[at];
        const blank = at >= end || first === HASH || first === TAB;
        if (this.#blockParent >= 0) {
            if (blank || indent > this.#blockParent)
                return 'content';
            this.#blockParent = -1;
        }
        if (this.#plainParent >= 0) {
            if (blank || indent > this.#plainParent) {
                if (!blank && hasMappingColon(buffer, at, end))
                    this.#mappingInPlain();
                this.#typed = undefined;
                return 'content';
            }
            this.#plainParent = -1;
        }
        if (blank)
            return 'structure';
        this.#flushTyped();
        if (this.#texts !== undefined && indent <= this.#texts.col)
            this.#texts = undefined;
        this.#structure(buffer, at, end, indent);
        return 'structure';
    }
    /** At the end of `entries`: a quote still open never ended. */
    finish() {
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
    #endEmptyItem(keysFollow) {
        const line = this.#emptyItemLine;
        this.#emptyItemLine = 0;
        if (line !== 0 && !keysFollow) {
            throw new LineProblem(`an empty version under \`entries.${this.#chart}\` (Helm 3 crashes on it)`, line);
        }
    }
    /** The line after an empty `- `: its keys, deeper, or anything else (a null version). */
    #afterEmptyItem(keysFollow, indent) {
        this.#endEmptyItem(keysFollow);
        this.#keyIndent = indent;
    }
    #mappingInPlain() {
        throw new LineProblem('a plain text holds ": ", which YAML refuses (quote the text)', this.#lineNo);
    }
    #flushTyped() {
        const typed = this.#typed;
        this.#typed = undefined;
        if (typed !== undefined)
            throw typed;
    }
    #structure(buffer, at, end, indent) {
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
        }
        else if (indent > chartIndent || (indent === chartIndent && dashes > 0)) {
            if (dashes > 0 && (this.#listIndent < 0 || indent === this.#listIndent)) {
                this.#listIndent = indent;
                this.#keyIndent = col;
                itemKey = dashes === 1;
                if (itemKey && this.#itemIsNotMapping(buffer, position, end))
                    return;
            }
            else if (dashes === 0 && indent === this.#keyIndent) {
                itemKey = true;
            }
            else if (indent < this.#keyIndent) {
                throw new LineProblem('a line indented where no key of a version can be', this.#lineNo);
            }
        }
        if (position >= end)
            return;
        this.#rest(buffer, position, end, col, itemKey);
    }
    /** A version item must be a mapping (Helm decodes it into ChartVersion); true when empty. */
    #itemIsNotMapping(buffer, position, end) {
        const shape = itemShape(buffer, position, end);
        if (shape === 'mapping')
            return false;
        if (shape === 'scalar') {
            throw new LineProblem(`a version of \`${this.#chart}\` is not a mapping`, this.#lineNo);
        }
        this.#emptyItemLine = this.#lineNo;
        if (shape === 'null')
            this.#endEmptyItem(false);
        return true;
    }
    /** What follows the indentation and `- `: a key and its value, or a value. */
    #rest(buffer, position, end, col, itemKey) {
        const first = buffer[position];
        if (first === DQUOTE || first === SQUOTE) {
            const close = closingQuote(buffer, position + 1, end, first);
            if (close < 0) {
                this.#openQuote(first);
                return;
            }
            let after = close + 1;
            while (after < end && (buffer[after] === SPACE || buffer[after] === TAB))
                after++;
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
        let type = textItem;
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
    #value(buffer, from, end, col, type, inPlace = false) {
        const position = skipProperties(buffer, from, end);
        if (position >= end || buffer[position] === HASH) {
            if (type === 'texts' || type === 'textMap')
                this.#texts = { col };
            return;
        }
        const first = buffer[position];
        if (first === DQUOTE || first === SQUOTE) {
            const close = closingQuote(buffer, position + 1, end, first);
            if (close < 0)
                this.#openQuote(first);
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
        if (hasMappingColon(buffer, position, end))
            this.#mappingInPlain();
        this.#plainParent = col;
        if (type === 'bool' || type === 'time' || (type === 'text' && mayBeTyped(first))) {
            const text = buffer.toString('utf8', position, plainEnd(buffer, position, end));
            this.#setTyped(plainProblem(text, type));
        }
    }
    #flow(buffer, position, end, type) {
        if (!flowClosesOnLine(buffer, position, end)) {
            throw new LineUnsure('a flow collection over several lines');
        }
        const items = type === 'texts' ? flowItems(buffer, position, end) : undefined;
        this.#setTyped(items && flowTextsProblem(items));
    }
    /** Refused when the line ends the value (a plain value's next lines may make it text). */
    #setTyped(problem) {
        if (problem !== undefined)
            this.#typed = new LineProblem(problem, this.#lineNo);
    }
    #openQuote(quote) {
        this.#quote = quote;
        this.#quoteLine = this.#lineNo;
    }
}

;// CONCATENATED MODULE: ./src/index/types.ts
const indexEntryKey = (chart, version) => `${chart}@${version}`;

;// CONCATENATED MODULE: ./src/index/result.ts



const optionalString = (value) => typeof value === 'string' ? value : undefined;
/** A field as Go's encoding/json finds it: the exact key first, then any spelling of it. */
function field(item, key) {
    if (Object.hasOwn(item, key))
        return item[key];
    const lower = key.toLowerCase();
    return Object.entries(item).find(([k]) => k.toLowerCase() === lower)?.[1];
}
/** An index item (type-checked, not dropped) as an entry, with Helm's text for each field. */
function entryFromItem(item, chart) {
    const urls = field(item, 'urls');
    const entry = {
        name: sanitize(optionalString(field(item, 'name')) ?? chart),
        version: sanitize(optionalString(field(item, 'version')) ?? ''),
        urls: Array.isArray(urls) ? urls.flatMap((url) => goText(url) ?? []) : [],
    };
    const appVersion = optionalString(field(item, 'appVersion'));
    const digest = goText(field(item, 'digest'));
    const created = optionalString(field(item, 'created'));
    if (appVersion !== undefined)
        entry.appVersion = sanitize(appVersion);
    if (digest !== undefined)
        entry.digest = digest;
    if (created !== undefined)
        entry.created = created;
    return entry;
}
/**
 * What a lookup found, filled the same way by the streaming reader and by the full parse, with
 * Helm's rules (see helm-rules.ts): a wrong type refuses the index, an invalid entry is dropped.
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
    /** Records one item of a wanted chart; returns whether Helm keeps it as a version. */
    addItem(chart, item, line) {
        if (item === null || item === undefined) {
            throw (0,errors/* helmRefusal */.n2)(`an empty version under \`entries.${chart}\` (Helm 3 crashes on it)`, line);
        }
        if (!isMapping(item))
            throw (0,errors/* helmRefusal */.n2)(`a version of \`${chart}\` is not a mapping`, line);
        const problem = mappingProblem(CHART_VERSION_FIELDS, item, `entries.${chart}`);
        if (problem !== undefined)
            throw (0,errors/* helmRefusal */.n2)(problem, line);
        if (dropReason(item) !== undefined)
            return false;
        const entry = entryFromItem(item, chart);
        if (this.wanted.get(chart)?.has(entry.version) === true) {
            const key = indexEntryKey(chart, entry.version);
            // Like Helm's IndexFile.Get, the first of duplicated versions wins.
            if (!this.entries.has(key))
                this.entries.set(key, entry);
        }
        return true;
    }
    setVersionCount(chart, count) {
        if (this.wanted.has(chart))
            this.versionsOfChart.set(chart, count);
    }
    /** Records a wanted chart's whole value: a list of versions, or null for none. */
    addChart(chart, value, line) {
        if (value === null || value === undefined) {
            this.setVersionCount(chart, 0);
            return;
        }
        if (!Array.isArray(value)) {
            throw (0,errors/* helmRefusal */.n2)(`\`entries.${chart}\` is not a list of versions`, line);
        }
        let count = 0;
        for (const item of value)
            if (this.addItem(chart, item, line))
                count++;
        this.setVersionCount(chart, count);
    }
    /** Takes what the lookup reports from a top-level key (`apiVersion`, `serverInfo`, …). */
    setTopLevel(key, value, line) {
        if (key === 'apiVersion') {
            const problem = typeProblem('textConv', value, key);
            if (problem !== undefined)
                throw (0,errors/* helmRefusal */.n2)(problem, line);
            this.apiVersion = goText(value);
        }
        if (key === 'generated') {
            const problem = typeProblem('time', value, key);
            if (problem !== undefined)
                throw (0,errors/* helmRefusal */.n2)(problem, line);
        }
        if (key === 'serverInfo') {
            this.contextPath = isMapping(value) ? optionalString(own(value, 'contextPath')) : undefined;
        }
    }
    toLookup() {
        // loadIndex: "no API version specified".
        if (this.apiVersion === undefined || this.apiVersion === '') {
            throw (0,errors/* helmRefusal */.n2)('no `apiVersion` (Helm requires one, e.g. `apiVersion: v1`)');
        }
        return {
            apiVersion: this.apiVersion,
            ...(this.contextPath !== undefined && { contextPath: this.contextPath }),
            entries: this.entries,
            versionsOfChart: this.versionsOfChart,
        };
    }
}

;// CONCATENATED MODULE: ./src/index/block-scanner.ts







const block_scanner_SPACE = 0x20;
const block_scanner_TAB = 0x09;
const block_scanner_HASH = 0x23;
const DASH = 0x2d;
/** apiVersion and serverInfo are small; a huge one is something else. */
const MAX_TOP_SECTION_CHARS = 1 << 20;
/** The current chart under `entries` is one nobody asked for. */
const OTHER_CHART = 'other';
/**
 * The fast path for block-style indexes: only the wanted charts' items are parsed, and anything
 * not recognised for certain throws NeedsFullParse rather than guessing.
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
    #allCharts = new Set();
    /** Follows every line under `entries` for what makes Helm refuse the index. */
    #checker;
    #atEnd = false;
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
        let from = start;
        if (this.#lineNo === 1 &&
            buffer[start] === 0xef &&
            buffer[start + 1] === 0xbb &&
            buffer[start + 2] === 0xbf) {
            from += 3;
        }
        let i = from;
        while (i < end && buffer[i] === block_scanner_SPACE)
            i++;
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
        if (first === undefined || first === block_scanner_HASH) {
            this.#blankOrComment(buffer, from, end);
            return;
        }
        let tabbed = false;
        if (first === block_scanner_TAB) {
            let j = i;
            while (j < end && (buffer[j] === block_scanner_SPACE || buffer[j] === block_scanner_TAB))
                j++;
            if (j === end || buffer[j] === block_scanner_HASH) {
                this.#blankOrComment(buffer, from, end);
                return;
            }
            tabbed = true;
        }
        const next = buffer[i + 1];
        const isListItem = first === DASH && (i + 1 === end || next === block_scanner_SPACE || next === block_scanner_TAB);
        // Versions of charts nobody asked for, in Helm's layout (`- ` at the chart name's indent).
        if (this.#chart === OTHER_CHART && indent === this.#chartIndent && isListItem)
            return;
        this.#content(buffer.toString('utf8', from, end), indent, isListItem, tabbed);
    }
    #checkLine(checker, buffer, from, end, indent) {
        try {
            if (this.#chartIndent < 0 &&
                indent > 0 &&
                from + indent < end &&
                buffer[from + indent] !== block_scanner_HASH) {
                checker.chartIndent = indent;
            }
            // A line at column 0 ends `entries` (unless it is quoted text going on).
            if (indent === 0 && from < end && buffer[from] !== block_scanner_HASH && !checker.inQuote) {
                this.#finishChecker();
                return 'structure';
            }
            return checker.line(buffer, from, end, indent, this.#lineNo);
        }
        catch (error) {
            throw this.#checkerError(error);
        }
    }
    #finishChecker() {
        const checker = this.#checker;
        this.#checker = undefined;
        try {
            checker?.finish();
        }
        catch (error) {
            throw this.#checkerError(error);
        }
    }
    #checkerError(error) {
        if (error instanceof LineProblem && error.atEnd && this.#atEnd) {
            return new errors/* IndexFormatError */.qP('truncated', `the document ends in ${error.message} (from line ${error.line}): was the download cut short?`);
        }
        if (error instanceof LineProblem)
            return (0,errors/* helmRefusal */.n2)(error.message, error.line);
        if (error instanceof LineUnsure)
            return new errors/* NeedsFullParse */._v(error.message, this.#lineNo);
        return error;
    }
    /**
     * A line of quoted text going on from an earlier line: part of whatever is being kept, moved
     * deeper than the key it belongs to (the text is the same: its leading spaces are folded).
     */
    #quotedLine(text, indent) {
        const lines = this.#collectingLines();
        if (lines === undefined)
            return;
        const chart = this.#chart;
        const base = typeof chart === 'object' ? Math.max(chart.item?.mapIndent ?? 0, chart.listIndent + 2) : 0;
        lines.push(indent > base ? text : `${' '.repeat(base + 1)}${text.trimStart()}`);
    }
    finish() {
        this.#atEnd = true;
        this.#finishChecker();
        this.#finishTop(true);
        if (!this.#started || this.#topKeys.size === 0)
            throw (0,errors/* emptyDocumentError */.Vt)();
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
        if (fieldType(INDEX_FIELDS, key) === undefined) {
            throw (0,errors/* helmRefusal */.n2)(`unknown top-level field \`${key}\``, this.#lineNo);
        }
        if (this.#topKeys.has(key))
            this.#unsure(`a second top-level \`${key}\``);
        this.#topKeys.add(key);
        const rest = text.slice(parsed.valueStart);
        if (key === 'entries') {
            if (NO_VALUE.test(rest)) {
                this.#top = { kind: 'entries' };
                this.#chartIndent = -1;
                this.#chart = undefined;
                this.#checker = new EntriesLineChecker();
            }
            else if (EMPTY_MAPPING.test(rest) || NULL_VALUE.test(rest)) {
                this.#committed = true;
                this.#top = { kind: 'skip' };
            }
            else {
                this.#unsure('`entries` in flow style');
            }
        }
        else if (key === 'apiVersion' || key === 'serverInfo' || key === 'generated') {
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
        const name = goKey(text, indent, parsed.key, this.#lineNo);
        if (name === '<<')
            this.#unsure('a merge key under `entries`');
        // UnmarshalStrict: `key "x" already set in map`.
        if (this.#allCharts.has(name)) {
            throw (0,errors/* helmRefusal */.n2)(`chart \`${name}\` is listed twice under \`entries\``, this.#lineNo);
        }
        this.#allCharts.add(name);
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
        if (this.#result.addItem(chart.name, value[0], item.startLine))
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
            this.#result.addChart(chart.name, value[chart.name], chart.sectionStart);
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
            this.#result.setTopLevel(top.key, own(value, top.key), top.startLine);
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
                    : (0,errors/* helmRefusal */.n2)(`a YAML error (${summary})`, line);
                throw new errors/* NeedsFullParse */._v('a YAML error', line, orElse);
            }
            if (error instanceof StrictKeyError) {
                throw (0,errors/* helmRefusal */.n2)(error.message, startLine + error.line - 1);
            }
            // An alias or merge key whose anchor lies outside these lines, most likely.
            const reason = error instanceof Error ? error.message : String(error);
            throw new errors/* NeedsFullParse */._v(`a value that needs the whole document (${reason})`, startLine);
        }
    }
}
/** A chart key as Helm reads it: `~:` refuses the index, `1.10:` is "1.1", `on:` is "true". */
function goKey(text, indent, key, line) {
    const quoted = text[indent] === '"' || text[indent] === "'";
    if (quoted)
        return key;
    if (/^(?:~|null|Null|NULL)?$/.test(key)) {
        throw (0,errors/* helmRefusal */.n2)('a chart key that is null (`~`, `null` or empty)', line);
    }
    if (goScalarKind(key) === undefined)
        return key;
    const value = parseYamlValue(`${key}: 0`);
    return isMapping(value) ? (Object.keys(value)[0] ?? key) : key;
}

;// CONCATENATED MODULE: ./src/index/json-keys.ts
/**
 * JSON.parse silently keeps the last duplicated key, but Helm 3.8's strict decoder refuses the
 * index ("key … already set in map"); one linear pass finds the first repeat within an object.
 */
const QUOTE = 0x22;
const json_keys_BACKSLASH = 0x5c;
const LF = 0x0a;
function duplicateJsonKey(text) {
    const objects = [];
    let line = 1;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === LF)
            line++;
        else if (c === 0x7b)
            objects.push(new Set());
        else if (c === 0x5b)
            objects.push(undefined);
        else if (c === 0x7d || c === 0x5d)
            objects.pop();
        else if (c === QUOTE) {
            const start = i;
            let escaped = false;
            for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
                if (text.charCodeAt(i) === json_keys_BACKSLASH) {
                    escaped = true;
                    i++;
                }
            }
            const keys = objects.at(-1);
            if (keys === undefined || !isKey(text, i + 1))
                continue;
            const raw = text.slice(start, i + 1);
            const key = escaped ? JSON.parse(raw) : raw.slice(1, -1);
            if (keys.has(key))
                return { key, line };
            keys.add(key);
        }
    }
    return undefined;
}
/** Whether the string that ended before `at` is followed by `:` (an object key). */
function isKey(text, at) {
    let i = at;
    while (i < text.length && /\s/.test(text.charAt(i)))
        i++;
    return text.charCodeAt(i) === 0x3a;
}

;// CONCATENATED MODULE: ./src/index/full-parse.ts






/**
 * The exact path, holding the whole index in memory: only for what the streaming reader leaves
 * alone (flow style, JSON, directives, several documents, anchors used across items).
 */
function lookupInText(text, wanted) {
    const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
    if (looksLikeHtml(body.slice(0, 1024)))
        throw (0,errors/* htmlPageError */.V3)();
    const control = CONTROL.exec(body);
    if (control !== null) {
        const line = body.slice(0, control.index).split(/\r\n|\r|\n/).length;
        throw (0,errors/* helmRefusal */.n2)(controlCharacterProblem(control[0]), line);
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
            throw (0,errors/* helmRefusal */.n2)(`a YAML error (${yamlErrorSummary(error)})`, line, { cause: error });
        }
        if (error instanceof StrictKeyError)
            throw (0,errors/* helmRefusal */.n2)(error.message, error.line);
        // Aliases without anchors, merge keys on non-mappings, alias bombs.
        const reason = error instanceof Error ? error.message : String(error);
        throw (0,errors/* helmRefusal */.n2)(`a YAML error (${reason})`, undefined, { cause: error });
    }
}
/** Characters YAML does not allow in a document (go-yaml: "control characters are not allowed"). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]/u;
function controlCharacterProblem(character) {
    const code = character.codePointAt(0) ?? 0;
    const name = code === 0 ? 'NUL' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `a control character (${name}), which YAML does not allow`;
}
const NOT_JSON = Symbol('not JSON');
const goTypedJson = (value, source) => new GoTyped(typeof value === 'boolean' ? 'bool' : /^-?\d+$/.test(source) ? 'int' : 'float', source);
/**
 * JSON is YAML, and far cheaper to parse as JSON. Numbers and booleans keep their source text,
 * as YAML scalars do here, marked as Go reads them (Helm refuses a number where it wants text).
 */
function parseJson(text) {
    try {
        const value = JSON.parse(text, (_key, item, context) => typeof item === 'number' || typeof item === 'boolean'
            ? goTypedJson(item, context?.source ?? String(item))
            : item);
        const duplicate = duplicateJsonKey(text);
        if (duplicate !== undefined) {
            throw (0,errors/* helmRefusal */.n2)(`key \`${duplicate.key}\` is set twice in one object`, duplicate.line);
        }
        return value;
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
        throw (0,errors/* helmRefusal */.n2)(`expected a mapping with \`apiVersion\` and \`entries\`, got ${seen}`);
    }
    const result = new LookupResult(wanted);
    for (const [key, value] of Object.entries(root)) {
        const type = fieldType(INDEX_FIELDS, key);
        if (type === undefined)
            throw (0,errors/* helmRefusal */.n2)(`unknown top-level field \`${key}\``);
        const problem = typeProblem(type, value, key);
        if (problem !== undefined)
            throw (0,errors/* helmRefusal */.n2)(problem);
    }
    result.setTopLevel('apiVersion', own(root, 'apiVersion'));
    result.setTopLevel('serverInfo', own(root, 'serverInfo'));
    const entries = own(root, 'entries');
    if (entries === null)
        return result.toLookup();
    if (!isMapping(entries)) {
        throw (0,errors/* helmRefusal */.n2)('`entries` is not a mapping of chart names to versions');
    }
    // Every chart is checked: Helm refuses the whole index for a wrong type in any of them.
    for (const [chart, value] of Object.entries(entries))
        result.addChart(chart, value);
    return result.toLookup();
}

// EXTERNAL MODULE: external "node:buffer"
var external_node_buffer_ = __webpack_require__(4573);
;// CONCATENATED MODULE: ./src/index/lines.ts


const lines_LF = 0x0a;
const CR = 0x0d;
// Bytes YAML forbids, matched as Latin-1 so a chunk needs no decoding: C0 controls but tab and
// line breaks, DEL, C1 controls but NEL (as UTF-8), U+FFFE and U+FFFF.
// eslint-disable-next-line no-control-regex
const lines_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x84\x86-\x9f]|\xef\xbf[\xbe\xbf]/;
/** The single-byte part alone: a plain character class, searched far faster. */
// eslint-disable-next-line no-control-regex
const C0_CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
/** The first byte sequence YAML does not allow in `bytes` (read as Latin-1 in `text`). */
function firstControl(bytes, text) {
    const wide = bytes.includes(0xc2) || bytes.includes(0xef);
    return (wide ? lines_CONTROL : C0_CONTROL).exec(text) ?? undefined;
}
/**
 * Cuts bytes into lines (LF, CRLF, lone CR) before decoding, so a character split between chunks
 * is whole again; bytes Helm's YAML reader refuses (bad UTF-8, controls) refuse the index.
 */
class LineSplitter {
    #sink;
    #pending = [];
    #skipLf = false;
    #lineNo = 0;
    /** The last bytes of the previous chunk, to check characters cut between chunks. */
    #tail = Buffer.alloc(0);
    #nextCr = -1;
    constructor(sink) {
        this.#sink = sink;
    }
    push(chunk) {
        if (chunk.length === 0)
            return;
        this.#checkBytes(chunk);
        let position = 0;
        if (this.#skipLf) {
            this.#skipLf = false;
            if (chunk[0] === lines_LF)
                position = 1;
        }
        this.#nextCr = chunk.indexOf(CR, position);
        if (this.#pending.length > 0) {
            const lineBreak = this.#nextBreak(chunk, position);
            if (lineBreak < 0) {
                if (position < chunk.length)
                    this.#pending.push(chunk.subarray(position));
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
            if (lineBreak < 0)
                break;
            this.#emit(chunk, position, lineBreak);
            position = this.#after(chunk, lineBreak);
        }
        if (position < chunk.length)
            this.#pending.push(chunk.subarray(position));
    }
    /** Emits the last line when the document does not end with a line break. */
    end() {
        if (this.#tail.length > 0 && !(0,external_node_buffer_.isUtf8)(this.#tail))
            this.#refuseUtf8(Buffer.alloc(0), 0);
        if (this.#pending.length === 0)
            return;
        const line = Buffer.concat(this.#pending);
        this.#pending = [];
        this.#emit(line, 0, line.length);
    }
    #nextBreak(chunk, from) {
        const lf = chunk.indexOf(lines_LF, from);
        if (this.#nextCr < 0)
            return lf;
        if (this.#nextCr < from)
            this.#nextCr = chunk.indexOf(CR, from);
        if (this.#nextCr < 0)
            return lf;
        return lf < 0 || this.#nextCr < lf ? this.#nextCr : lf;
    }
    #after(chunk, lineBreak) {
        if (chunk[lineBreak] === CR) {
            if (lineBreak + 1 === chunk.length)
                this.#skipLf = true;
            else if (chunk[lineBreak + 1] === lines_LF)
                return lineBreak + 2;
        }
        return lineBreak + 1;
    }
    #emit(buffer, start, end) {
        this.#lineNo++;
        this.#sink.line(buffer, start, end);
    }
    /** Checks the chunk's bytes, with the few before it that may start a character cut in two. */
    #checkBytes(chunk) {
        const joint = Buffer.concat([this.#tail, chunk.subarray(0, 3)]);
        const control = firstControl(chunk, chunk.toString('latin1'));
        const jointControl = lines_CONTROL.exec(joint.toString('latin1')) ?? undefined;
        if (jointControl !== undefined && jointControl.index < this.#tail.length) {
            this.#refuse(chunk, 0, jointControl[0]);
        }
        if (control !== undefined)
            this.#refuse(chunk, control.index, control[0]);
        // A character cut between chunks is completed from this chunk's first bytes, then checked.
        let from = 0;
        const tail = this.#tail;
        if (tail.length > 0) {
            const missing = utf8Length(tail[0] ?? 0) - tail.length;
            if (chunk.length < missing) {
                this.#tail = Buffer.concat([tail, chunk]);
                if (!chunk.every((b) => b >> 6 === 2))
                    this.#refuseUtf8(chunk, 0);
                return;
            }
            if (!(0,external_node_buffer_.isUtf8)(Buffer.concat([tail, chunk.subarray(0, missing)])))
                this.#refuseUtf8(chunk, 0);
            from = Math.max(missing, 0);
        }
        const cut = Math.max(incompleteTail(chunk), from);
        if (!(0,external_node_buffer_.isUtf8)(chunk.subarray(from, cut)))
            this.#refuseUtf8(chunk, from);
        this.#tail = Buffer.from(chunk.subarray(cut));
    }
    #refuse(chunk, offset, latin1) {
        const character = Buffer.from(latin1, 'latin1').toString('utf8');
        const code = character.codePointAt(0) ?? 0;
        const name = code === 0 ? 'NUL' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
        throw (0,errors/* helmRefusal */.n2)(`a control character (${name}), which YAML does not allow`, this.#lineAt(chunk, offset));
    }
    #refuseUtf8(chunk, from) {
        throw (0,errors/* helmRefusal */.n2)('bytes that are not UTF-8', this.#lineAt(chunk, firstBadUtf8(chunk, from)));
    }
    /** The line of `chunk[offset]`: the lines emitted so far, and the breaks before it. */
    #lineAt(chunk, offset) {
        let line = this.#lineNo + 1;
        for (let i = 0; i < offset; i++) {
            const b = chunk[i];
            if (b === lines_LF && !(i === 0 && this.#skipLf))
                line++;
            else if (b === CR && chunk[i + 1] !== lines_LF)
                line++;
        }
        return line;
    }
}
/** Bytes of the UTF-8 character a lead byte starts (1 for a stray byte, refused by isUtf8). */
const utf8Length = (lead) => lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
/** Where a UTF-8 character cut off at the end of `bytes` starts (or bytes.length). */
function incompleteTail(bytes) {
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
        const b = bytes[bytes.length - back] ?? 0;
        if (b >> 6 === 2)
            continue;
        const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        return need > back ? bytes.length - back : bytes.length;
    }
    return bytes.length;
}
/** Offset of the first byte that breaks UTF-8 at or after `from` (error messages only). */
function firstBadUtf8(bytes, from) {
    for (let i = from; i < bytes.length;) {
        const b = bytes[i] ?? 0;
        const need = b < 0x80
            ? 1
            : b >= 0xc2 && b < 0xe0
                ? 2
                : b >= 0xe0 && b < 0xf0
                    ? 3
                    : b >= 0xf0 && b < 0xf5
                        ? 4
                        : 0;
        if (need === 0)
            return i;
        if (need > 1 && !(0,external_node_buffer_.isUtf8)(bytes.subarray(i, i + need)))
            return i;
        i += need;
    }
    return from;
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
 * Finds chart versions in an index.yaml in one pass: block style streams in flat memory, any other
 * style is parsed whole. Throws IndexFormatError for HTML, a non-index or a cut-short document.
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
