// Keys and first bytes of one line, read without decoding where the hot path allows.
import { CHART_VERSION_FIELDS, fieldType } from './helm-rules.js';
import { startsNumber } from './go-scalars.js';
import { keyEnd } from './line-values.js';

/** A chart's key as written, unquoted when simply quoted. */
export function chartKey(buffer: Buffer, position: number, end: number): string {
  const colon = keyEnd(buffer, position, end);
  const key = buffer.toString('utf8', position, colon < 0 ? end : colon).trim();
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

/** ASCII lower case of a byte; field names are all letters, so other bytes never match one. */
const lower = (b: number | undefined): number => (b ?? 0) | 0x20;

/** The fields of a version by length, first and last letter of their (lower-case) name. */
const VERSION_FIELDS = new Map<number, { name: Buffer; type: ReturnType<typeof fieldType> }[]>();
for (const [name, type] of Object.entries(CHART_VERSION_FIELDS)) {
  const bytes = Buffer.from(name, 'latin1');
  const hash = fieldHash(bytes, 0, bytes.length);
  VERSION_FIELDS.set(hash, [...(VERSION_FIELDS.get(hash) ?? []), { name: bytes, type }]);
}

function fieldHash(buffer: Buffer, from: number, to: number): number {
  return ((to - from) << 16) | (lower(buffer[from]) << 8) | lower(buffer[to - 1]);
}

/**
 * A version's field type from the key's bytes (every version repeats the same keys), matched
 * without case as Go's encoding/json does; non-ASCII case folding goes through the table.
 */
export function versionFieldType(
  buffer: Buffer,
  from: number,
  to: number,
): ReturnType<typeof fieldType> {
  for (const field of VERSION_FIELDS.get(fieldHash(buffer, from, to)) ?? []) {
    if (sameLetters(buffer, from, field.name)) return field.type;
  }
  return fieldType(CHART_VERSION_FIELDS, buffer.toString('utf8', from, to));
}

/** Whether `buffer` at `from` spells `name` in any case (names are short: a loop beats a native call). */
function sameLetters(buffer: Buffer, from: number, name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) if (lower(buffer[from + i]) !== name[i]) return false;
  return true;
}

/** Whether a plain value starting with `first` can be a number, boolean or null in Go's YAML. */
export function mayBeTyped(first: number | undefined): boolean {
  if (first === undefined) return false;
  if (startsNumber(first)) return true;
  // y, n, t, f, o (either case) start the booleans; ~ and n start null.
  return first === 0x7e || 'ynftoYNFTO'.includes(String.fromCharCode(first));
}
