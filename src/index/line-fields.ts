// Keys and first bytes of one line, read without decoding where the hot path allows.
import { CHART_VERSION_FIELDS, fieldType } from './helm-rules.js';
import { keyEnd } from './line-values.js';

/** A chart's key as written, unquoted when simply quoted. */
export function chartKey(buffer: Buffer, position: number, end: number): string {
  const colon = keyEnd(buffer, position, end);
  const key = buffer.toString('utf8', position, colon < 0 ? end : colon).trim();
  return /^(["']).*\1$/.test(key) ? key.slice(1, -1) : key;
}

/** How Helm writes the fields whose table names are lower-cased. */
const SPELLINGS: Record<string, string> = {
  apiversion: 'apiVersion',
  appversion: 'appVersion',
  kubeversion: 'kubeVersion',
  tillerversion: 'tillerVersion',
};

/** The fields of a version by length, first and last byte of their name, as bytes. */
const VERSION_FIELDS = new Map<number, { name: Buffer; type: ReturnType<typeof fieldType> }[]>();
for (const [name, type] of Object.entries(CHART_VERSION_FIELDS)) {
  // Helm's own spelling (appVersion, kubeVersion): the table holds names in lower case.
  const spelled = SPELLINGS[name] ?? name;
  const bytes = Buffer.from(spelled, 'latin1');
  const hash = fieldHash(bytes, 0, bytes.length);
  VERSION_FIELDS.set(hash, [...(VERSION_FIELDS.get(hash) ?? []), { name: bytes, type }]);
}

function fieldHash(buffer: Buffer, from: number, to: number): number {
  return ((to - from) << 16) | ((buffer[from] ?? 0) << 8) | (buffer[to - 1] ?? 0);
}

/**
 * A version's field type from the key's bytes, without decoding them (every version repeats
 * the same keys); other spellings (Go matches names without case) go through the table.
 */
export function versionFieldType(
  buffer: Buffer,
  from: number,
  to: number,
): ReturnType<typeof fieldType> {
  for (const field of VERSION_FIELDS.get(fieldHash(buffer, from, to)) ?? []) {
    if (sameBytes(buffer, from, field.name)) return field.type;
  }
  return fieldType(CHART_VERSION_FIELDS, buffer.toString('utf8', from, to));
}

/** Whether `buffer` at `from` holds `name` (names are short: a loop beats a native call). */
function sameBytes(buffer: Buffer, from: number, name: Buffer): boolean {
  for (let i = 0; i < name.length; i++) if (buffer[from + i] !== name[i]) return false;
  return true;
}

/** Whether a plain value starting with `first` can be a number, boolean or null in Go's YAML. */
export function mayBeTyped(first: number | undefined): boolean {
  if (first === undefined) return false;
  if ((first >= 0x30 && first <= 0x39) || first === 0x2b || first === 0x2d || first === 0x2e) {
    return true;
  }
  // y, n, t, f, o (either case) start the booleans; ~ and n start null.
  return first === 0x7e || 'ynftoYNFTO'.includes(String.fromCharCode(first));
}
