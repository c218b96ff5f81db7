/**
 * Line-level pieces of YAML block syntax the streaming reader recognises. Each answers
 * "undefined" for anything it is not sure about, and the caller then lets a YAML parser decide.
 */
import { parseYamlValue } from './yaml-values.js';

export interface KeyLine {
  key: string;
  /** Index of the first character after the `:`. */
  valueStart: number;
}

/** Characters a plain (unquoted) key may not start with. */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@` \t');

/** Reads `key:` at `from` (plain or quoted key, then `:` and a space or the line end). */
export function parseKey(text: string, from: number): KeyLine | undefined {
  const first = text[from];
  if (first === undefined) return undefined;
  if (first === '"' || first === "'") return parseQuotedKey(text, from, first);
  if (INDICATORS.has(first)) {
    // `-`, `?` and `:` start a plain scalar when a non-space follows them.
    const next = text[from + 1];
    const plainAfterAll = (first === '-' || first === '?' || first === ':') && isNonSpace(next);
    if (!plainAfterAll) return undefined;
  }
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === ':' && !isNonSpace(text[i + 1])) {
      const key = text.slice(from, i).replace(/[ \t]+$/, '');
      return { key, valueStart: i + 1 };
    }
    // ` #` starts a comment, so this is no `key:` line.
    if (ch === '#' && (text[i - 1] === ' ' || text[i - 1] === '\t')) return undefined;
  }
  return undefined;
}

function isNonSpace(ch: string | undefined): boolean {
  return ch !== undefined && ch !== ' ' && ch !== '\t';
}

function parseQuotedKey(text: string, from: number, quote: '"' | "'"): KeyLine | undefined {
  let escaped = false;
  let close = from + 1;
  for (; close < text.length; close++) {
    const ch = text[close];
    if (quote === '"' && ch === '\\') {
      close++;
      escaped = true;
    } else if (ch === quote) {
      if (quote === "'" && text[close + 1] === "'") {
        close++;
        escaped = true;
      } else break;
    }
  }
  if (close >= text.length) return undefined;
  let colon = close + 1;
  while (text[colon] === ' ' || text[colon] === '\t') colon++;
  if (text[colon] !== ':' || isNonSpace(text[colon + 1])) return undefined;
  const raw = text.slice(from, close + 1);
  const key = escaped ? unquote(raw) : raw.slice(1, -1);
  return key === undefined ? undefined : { key, valueStart: colon + 1 };
}

function unquote(raw: string): string | undefined {
  try {
    const value = parseYamlValue(raw);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Nothing after the `:` but perhaps a comment: the value is on the following lines (or null). */
export const NO_VALUE = /^[ \t]*(?:#.*)?$/;
export const EMPTY_MAPPING = /^[ \t]+\{[ \t]*\}(?:[ \t]+#.*|[ \t]*)$/;
export const EMPTY_LIST = /^[ \t]+\[[ \t]*\](?:[ \t]+#.*|[ \t]*)$/;
export const NULL_VALUE = /^[ \t]+(?:~|null|Null|NULL)(?:[ \t]+#.*|[ \t]*)$/;

/**
 * A value whose string is obvious from its text: plain, or quoted without escapes, made of
 * characters versions use. Anything else (escapes, tags, anchors, block scalars) is undefined.
 */
const SIMPLE_VALUE =
  /^[ \t]+(?:([0-9A-Za-z][\w.+~-]*)|"([\w.+~-]*)"|'([\w.+~-]*)')(?:[ \t]+#.*|[ \t]*)$/;

export function simpleValue(rest: string): string | undefined {
  const match = SIMPLE_VALUE.exec(rest);
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}

export function indentOf(line: string): number {
  let i = 0;
  while (line[i] === ' ') i++;
  return i;
}

export const isBlankOrComment = (line: string): boolean => /^[ \t]*(?:#|$)/.test(line);

export function isDocumentMarker(line: string, marker: '---' | '...'): boolean {
  return line.startsWith(marker) && !isNonSpace(line[3]);
}

/** A list item's `- ` (or a lone `-`) at `at`. */
export const isListItemAt = (line: string, at: number): boolean =>
  line[at] === '-' && !isNonSpace(line[at + 1]);

/**
 * An item's version read without parsing, only when certain (one one-line `version:` key at the
 * mapping indent, every line there a key or nested list item); otherwise undefined: parse it.
 */
export function listedVersion(lines: readonly string[], mapIndent: number): string | undefined {
  let version: string | undefined;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n] ?? '';
    if (n > 0 && (isBlankOrComment(line) || indentOf(line) !== mapIndent)) continue;
    if (n > 0 && isListItemAt(line, mapIndent)) continue;
    const key = parseKey(line, mapIndent);
    if (key === undefined) return undefined;
    if (key.key !== 'version') continue;
    if (version !== undefined) return undefined;
    version = simpleValue(line.slice(key.valueStart));
    if (version === undefined || continuesOnNextLine(lines, n, mapIndent)) return undefined;
  }
  return version;
}

/** Whether the value on line n may go on (a multi-line plain scalar) on the next lines. */
function continuesOnNextLine(lines: readonly string[], n: number, mapIndent: number): boolean {
  for (let m = n + 1; m < lines.length; m++) {
    const line = lines[m] ?? '';
    if (line.trim() === '') continue;
    return indentOf(line) > mapIndent;
  }
  return false;
}
