import { YAMLParseError } from 'yaml';
import { IndexFormatError, emptyDocumentError, helmRefusal, htmlPageError } from './errors.js';
import { INDEX_FIELDS, fieldType, typeProblem } from './helm-rules.js';
import { LookupResult } from './result.js';
import type { IndexLookupMany, WantedVersions } from './types.js';
import { duplicateJsonKey } from './json-keys.js';
import {
  GoTyped,
  StrictKeyError,
  isErrorAtEnd,
  isMapping,
  looksLikeHtml,
  own,
  parseYamlValue,
  quote,
  yamlErrorSummary,
} from './yaml-values.js';

/**
 * The exact path, holding the whole index in memory: only for what the streaming reader leaves
 * alone (flow style, JSON, directives, several documents, anchors used across items).
 */
export function lookupInText(text: string, wanted: WantedVersions): IndexLookupMany {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (looksLikeHtml(body.slice(0, 1024))) throw htmlPageError();
  const control = CONTROL.exec(body);
  if (control !== null) {
    const line = body.slice(0, control.index).split(/\r\n|\r|\n/).length;
    throw helmRefusal(controlCharacterProblem(control[0]), line);
  }
  // YAML treats a lone CR as a line break; the yaml package does not.
  const normalized = body.includes('\r') ? body.replace(/\r(?!\n)/g, '\n') : body;
  return lookupInValue(parseIndexText(normalized), wanted);
}

function parseIndexText(text: string): unknown {
  if (text.trimStart().startsWith('{')) {
    const json = parseJson(text);
    if (json !== NOT_JSON) return json;
  }
  try {
    return parseYamlValue(text);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0].line;
      const where = line === undefined ? '' : ` at line ${line}`;
      if (isErrorAtEnd(error, text)) {
        throw new IndexFormatError(
          'truncated',
          `the document ends in the middle of a structure${where} (${yamlErrorSummary(error)}): was the download cut short?`,
          { cause: error },
        );
      }
      throw helmRefusal(`a YAML error (${yamlErrorSummary(error)})`, line, { cause: error });
    }
    if (error instanceof StrictKeyError) throw helmRefusal(error.message, error.line);
    // Aliases without anchors, merge keys on non-mappings, alias bombs.
    const reason = error instanceof Error ? error.message : String(error);
    throw helmRefusal(`a YAML error (${reason})`, undefined, { cause: error });
  }
}

/** Characters YAML does not allow in a document (go-yaml: "control characters are not allowed"). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x84\x86-\x9f\ufffe\uffff]/u;

export function controlCharacterProblem(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  const name = code === 0 ? 'NUL' : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return `a control character (${name}), which YAML does not allow`;
}

const NOT_JSON = Symbol('not JSON');

const goTypedJson = (value: number | boolean, source: string): GoTyped =>
  new GoTyped(
    typeof value === 'boolean' ? 'bool' : /^-?\d+$/.test(source) ? 'int' : 'float',
    source,
  );

/**
 * JSON is YAML, and far cheaper to parse as JSON. Numbers and booleans keep their source text,
 * as YAML scalars do here, marked as Go reads them (Helm refuses a number where it wants text).
 */
function parseJson(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text, (_key, item: unknown, context?: { source?: string }) =>
      typeof item === 'number' || typeof item === 'boolean'
        ? goTypedJson(item, context?.source ?? String(item))
        : item,
    );
    const duplicate = duplicateJsonKey(text);
    if (duplicate !== undefined) {
      throw helmRefusal(`key \`${duplicate.key}\` is set twice in one object`, duplicate.line);
    }
    return value;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const position = /position (\d+)/.exec(error.message)?.[1];
    const atEnd =
      /end of JSON input/i.test(error.message) ||
      (position !== undefined && Number(position) >= text.trimEnd().length);
    if (atEnd) {
      throw new IndexFormatError(
        'truncated',
        'the JSON document ends in the middle of a structure: was the download cut short?',
        { cause: error },
      );
    }
    // Not strict JSON, perhaps flow-style YAML: the YAML parser decides.
    return NOT_JSON;
  }
}

/** Reads the wanted versions out of a parsed index. */
export function lookupInValue(root: unknown, wanted: WantedVersions): IndexLookupMany {
  if (root === null || root === undefined) {
    throw emptyDocumentError();
  }
  if (!isMapping(root)) {
    const seen = Array.isArray(root)
      ? 'a list'
      : typeof root === 'string'
        ? `the text ${quote(root)}`
        : typeof root;
    throw helmRefusal(`expected a mapping with \`apiVersion\` and \`entries\`, got ${seen}`);
  }
  const result = new LookupResult(wanted);
  for (const [key, value] of Object.entries(root)) {
    const type = fieldType(INDEX_FIELDS, key);
    if (type === undefined) throw helmRefusal(`unknown top-level field \`${key}\``);
    const problem = typeProblem(type, value, key);
    if (problem !== undefined) throw helmRefusal(problem);
  }
  result.setTopLevel('apiVersion', own(root, 'apiVersion'));
  result.setTopLevel('serverInfo', own(root, 'serverInfo'));
  const entries = own(root, 'entries');
  if (entries === null) return result.toLookup();
  if (!isMapping(entries)) {
    throw helmRefusal('`entries` is not a mapping of chart names to versions');
  }
  // Every chart is checked: Helm refuses the whole index for a wrong type in any of them.
  for (const [chart, value] of Object.entries(entries)) result.addChart(chart, value);
  return result.toLookup();
}
