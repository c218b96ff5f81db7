import {
  LineCounter,
  isScalar,
  parseAllDocuments,
  visit,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type ScalarTag,
  type SchemaOptions,
} from 'yaml';

/**
 * Every YAML value is read with the same rules, by the streaming reader and the full parse
 * alike: scalars stay the strings they are written as (`1.10` is "1.10", not the number 1.1;
 * `true` is "true", both kept as GoTyped), except the core-schema nulls (`~`, `null`, empty), which are null. Merge
 * keys (`<<`) apply, as they do in Helm's YAML library.
 */
const nullTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:null',
  default: true,
  test: /^(?:~|[Nn]ull|NULL)?$/,
  resolve: () => null,
  identify: (value) => value === null || value === undefined,
};

/**
 * A plain scalar Helm's YAML library (go-yaml v2, YAML 1.1 rules) reads as a number or a boolean,
 * kept with its text: Helm then refuses the whole index when it stands where text is expected
 * (`version: 1.10`), and turns it into text in a few other places (`digest`, chart keys).
 */
export class GoTyped {
  constructor(
    readonly kind: 'bool' | 'int' | 'float',
    readonly text: string,
  ) {}

  toString(): string {
    return this.text;
  }
}

export const GO_BOOL =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
export const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$/;
export const GO_FLOAT =
  /^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** How go-yaml v2 reads a plain scalar that is not null: as text, or as a number or boolean. */
export function goScalarKind(text: string): GoTyped['kind'] | undefined {
  if (GO_BOOL.test(text)) return 'bool';
  if (GO_INT.test(text)) return 'int';
  if (GO_FLOAT.test(text)) return 'float';
  return undefined;
}

const goTag = (kind: GoTyped['kind'], tag: string, test: RegExp): ScalarTag => ({
  tag: `tag:yaml.org,2002:${tag}`,
  default: true,
  test,
  resolve: (text) => new GoTyped(kind, text),
  identify: (value) => value instanceof GoTyped && value.kind === kind,
});

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
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
export function parseYamlValue(text: string): unknown {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...OPTIONS, lineCounter });
  const first = Array.isArray(documents) ? documents[0] : undefined;
  if (first === undefined) return null;
  const [error] = first.errors;
  if (error !== undefined) throw error;
  goKeys(first, lineCounter);
  // Helm's YAML library has no fixed alias limit (PyYAML writes indexes with one shared
  // `maintainers` aliased hundreds of times); aliases share their value, and the expansion
  // stays bounded by the size of the text.
  return first.toJS({ maxAliasCount: Math.max(10_000, text.length) });
}

/**
 * Map keys as sigs.k8s.io/yaml turns them into JSON keys: a number or boolean becomes its Go
 * text (`1.10:` is "1.1", `on:` is "true"), a null key refuses the document.
 */
function goKeys(document: Document.Parsed, lineCounter: LineCounter): void {
  visit(document, {
    Pair(_key, pair) {
      const key = pair.key;
      if (!isScalar(key)) return;
      if (key.value === null) {
        const line = lineCounter.linePos(key.range?.[0] ?? 0).line;
        throw new NullKeyError(line);
      }
      if (key.value instanceof GoTyped) key.value = goKeyText(key.value);
    },
  });
}

/** A mapping key that is null (`~:`): sigs.k8s.io/yaml refuses it ("unsupported map key"). */
export class NullKeyError extends Error {
  override readonly name = 'NullKeyError';

  constructor(readonly line: number) {
    super('a mapping key that is null (`~`, `null` or empty)');
  }
}

/** Go's text of a number or boolean key (strconv.FormatFloat(f, 'g', -1, 64) for floats). */
function goKeyText(value: GoTyped): string {
  if (value.kind === 'bool') return /^(?:y|yes|true|on)$/i.test(value.text) ? 'true' : 'false';
  const plain = value.text.replaceAll('_', '');
  if (value.kind === 'int') {
    const digits = plain.replace(/^[-+]/, '');
    const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
    return ((plain.startsWith('-') ? -1n : 1n) * BigInt(octal)).toString();
  }
  const number = Number(plain.replace(/^([-+]?)\./, '$10.').replace(/\.(?=$|[eE])/, ''));
  if (Number.isNaN(number)) return 'NaN';
  if (!Number.isFinite(number)) return number > 0 ? '+Inf' : '-Inf';
  const exponent = number === 0 ? 0 : Math.floor(Math.log10(Math.abs(number)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa = '', power = '0'] = number.toExponential().split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(number);
}

export type YamlMapping = Record<string, unknown>;

export function isMapping(value: unknown): value is YamlMapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function own(mapping: YamlMapping, key: string): unknown {
  return Object.hasOwn(mapping, key) ? mapping[key] : undefined;
}

/** The first line of a yaml error message, without its position (callers give the line). */
export function yamlErrorSummary(error: Error): string {
  const [first = ''] = error.message.split('\n');
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** Error codes the yaml parser reports when a document stops inside a quote or flow collection. */
const UNFINISHED_CODES = new Set(['MISSING_CHAR', 'BAD_INDENT', 'UNEXPECTED_TOKEN']);

/** Whether a parse error sits at the very end of the text: the document was cut short. */
export function isErrorAtEnd(
  error: { code: string; pos: [number, number] },
  text: string,
): boolean {
  return UNFINISHED_CODES.has(error.code) && error.pos[0] >= text.trimEnd().length;
}

const HTML_START = /^<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|!--)/i;

/** An HTML page where YAML was expected: `<!DOCTYPE html`, `<html`, … at the start. */
export function looksLikeHtml(start: string): boolean {
  return HTML_START.test(start.trimStart());
}

/** A short quotation of what was seen, for messages. */
export function quote(text: string): string {
  const line = text.trim().split('\n', 1)[0] ?? '';
  return JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
}
