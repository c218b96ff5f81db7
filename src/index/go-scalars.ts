/**
 * Scalars and keys as Helm's YAML decoding sees them: go-yaml v2 (YAML 1.1) types plain scalars,
 * and sigs.k8s.io/yaml turns the document into JSON before Helm's strict decode reads it.
 */
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  visit,
  type Document,
  type LineCounter,
  type Node,
  type YAMLMap,
} from 'yaml';

/**
 * A plain scalar go-yaml v2 (YAML 1.1) reads as a number or boolean, kept with its text: Helm
 * refuses the index where text is expected (`version: 1.10`), stringifies it in `digest` and keys.
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

/** Whether a character code can start a Go YAML number: a digit, a sign or a dot. */
export const startsNumber = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e;

/** How go-yaml v2 reads a plain scalar that is not null: as text, or as a number or boolean. */
export function goScalarKind(text: string): GoTyped['kind'] | undefined {
  // Booleans are at most five letters.
  if (!startsNumber(text.charCodeAt(0))) {
    return text.length <= 5 && GO_BOOL.test(text) ? 'bool' : undefined;
  }
  if (GO_BOOL.test(text)) return 'bool';
  if (GO_INT.test(text)) return 'int';
  if (GO_FLOAT.test(text)) return 'float';
  return undefined;
}

/**
 * Map keys as sigs.k8s.io/yaml turns them into JSON keys: a number or boolean becomes its Go
 * text (`1.10:` is "1.1", `on:` is "true"), a null key refuses the document.
 */
export function goKeys(document: Document.Parsed, lineCounter: LineCounter): void {
  const lineOf = (node: Node): number => lineCounter.linePos(node.range?.[0] ?? 0).line;
  visit(document, {
    Map(_key, map) {
      mergeOverride(document, map, lineOf);
    },
    Pair(_key, pair) {
      const key = pair.key;
      if (!isScalar(key)) return;
      if (key.value === null) {
        throw new StrictKeyError('a mapping key that is null (`~`, `null` or empty)', lineOf(key));
      }
      if (key.value instanceof GoTyped) key.value = goKeyText(key.value);
    },
  });
}

/**
 * A key Helm's strict decode refuses: a null key (sigs.k8s.io/yaml "unsupported map key"), or one
 * set both by a merge (`<<`) and in the mapping (go-yaml v2: "key … already set in map").
 */
export class StrictKeyError extends Error {
  override readonly name = 'StrictKeyError';

  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

function mergeOverride(
  document: Document.Parsed,
  map: YAMLMap,
  lineOf: (node: Node) => number,
): void {
  const merged = new Set<unknown>();
  for (const pair of map.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'symbol') continue;
    const value = pair.value;
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const target = isAlias(source) ? source.resolve(document) : source;
      if (isMap(target))
        for (const item of target.items) if (isScalar(item.key)) merged.add(item.key.value);
    }
  }
  if (merged.size === 0) return;
  for (const pair of map.items) {
    if (isScalar(pair.key) && typeof pair.key.value !== 'symbol' && merged.has(pair.key.value)) {
      throw new StrictKeyError(
        `key \`${String(pair.key.value)}\` is set twice in one mapping (once by \`<<\`)`,
        lineOf(pair.key),
      );
    }
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
