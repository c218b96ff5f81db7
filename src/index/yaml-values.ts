import { GO_BOOL, GO_FLOAT, GO_INT, GoTyped, goKeys } from './go-scalars.js';
import {
  LineCounter,
  parseAllDocuments,
  type DocumentOptions,
  type ParseOptions,
  type ScalarTag,
  type SchemaOptions,
} from 'yaml';

/**
 * One set of YAML rules for both readers: scalars stay their text (`1.10` is "1.10", kept as
 * GoTyped) except core-schema nulls (`~`, `null`, empty); merge keys apply, as in Helm.
 */
const nullTag: ScalarTag = {
  tag: 'tag:yaml.org,2002:null',
  default: true,
  test: /^(?:~|[Nn]ull|NULL)?$/,
  resolve: () => null,
  identify: (value) => value === null || value === undefined,
};

const goTag = (kind: GoTyped['kind'], tag: string, test: RegExp): ScalarTag => ({
  tag: `tag:yaml.org,2002:${tag}`,
  default: true,
  test,
  resolve: (text) => new GoTyped(kind, text),
  identify: (value) => value instanceof GoTyped && value.kind === kind,
});

export { GoTyped, StrictKeyError, goScalarKind } from './go-scalars.js';

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
