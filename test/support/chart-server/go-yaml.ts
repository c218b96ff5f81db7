// YAML in the shape Helm and ChartMuseum write index.yaml (Go's yaml.v2 via sigs.k8s.io/yaml):
// block style, two-space indent, sequences not indented under their key, keys sorted, strings
// quoted only when a YAML 1.1 reader would take them for something else. Clients are tested
// against this exact shape, so it is written by hand rather than by the `yaml` package's
// stringifier, whose defaults differ.

export type YamlValue =
  string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

// YAML 1.1 (what Go's yaml.v2 resolves) reads these plain words as booleans or null.
const YAML11_KEYWORDS = new Set(
  (
    'y Y yes Yes YES n N no No NO true True TRUE false False FALSE on On ON off Off OFF ' +
    'null Null NULL ~'
  ).split(' '),
);
const NUMBER_LIKE = [
  /^[-+]?(?:\d[\d_]*)?\.?[\d_]*(?:[eE][-+]?\d+)?$/, // ints, floats, "1.", ".5", "1e3"
  /^[-+]?0[bB][01_]+$/,
  /^[-+]?0[oO]?[0-7_]+$/,
  /^[-+]?0[xX][\da-fA-F_]+$/,
  /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?$/, // sexagesimal, YAML 1.1
  /^[-+]?\.(?:inf|Inf|INF)$/,
  /^\.(?:nan|NaN|NAN)$/,
  /^\d{4}-\d\d?-\d\d?(?:[Tt ].*)?$/, // timestamps
];

function resolvesToNonString(text: string): boolean {
  if (YAML11_KEYWORDS.has(text)) return true;
  if (!/\d/.test(text) && !/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(text)) return false;
  return NUMBER_LIKE.some((pattern) => pattern.test(text));
}

/** Controls (bar tab and newline), DEL, BOM and YAML 1.1 line separators: double quotes only. */
function hasControlChars(text: string, allowTabAndNewline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (allowTabAndNewline && (code === 9 || code === 10)) continue;
    if (
      code < 0x20 ||
      (code >= 0x7f && code <= 0x9f) ||
      code === 0xfeff ||
      code === 0x2028 ||
      code === 0x2029
    )
      return true;
  }
  return false;
}

function isPlainSafe(text: string): boolean {
  if (text === '' || text !== text.trim()) return false;
  // Indicators that may not start a plain scalar, and sequences that end one early.
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) && !/^[-?:][^\s,[\]{}]/.test(text)) return false;
  if (/: |:$| #|[\t\n\r]/.test(text)) return false;
  if (/[,[\]{}]/.test(text)) return false; // harmless in block context, but yaml.v2 quotes them
  return !hasControlChars(text);
}

function doubleQuoted(text: string): string {
  // A JSON string is a valid YAML double-quoted scalar.
  return JSON.stringify(text);
}

/** A one-line scalar: plain, "double-quoted" for look-alikes of other types, else 'single'. */
export function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  }
  if (typeof value !== 'string') return String(value);
  if (resolvesToNonString(value)) return doubleQuoted(value);
  if (isPlainSafe(value)) return value;
  if (hasControlChars(value)) return doubleQuoted(value);
  return `'${value.replaceAll("'", "''")}'`;
}

/** A multi-line string as a literal block (`|`, `|-`, `|+`), or undefined if one cannot hold it. */
function literalBlock(text: string, indent: number): string | undefined {
  if (!text.includes('\n') || hasControlChars(text, true)) return undefined;
  const body = text.replace(/\n+$/, '');
  if (body === '') return undefined;
  const trailing = text.length - body.length;
  const lines = body.split('\n');
  // A leading space on the first line would need an indentation indicator; trailing spaces
  // survive, but keep such strings simple and quote them instead.
  if (lines[0]?.startsWith(' ') || lines.some((l) => / +$/.test(l))) return undefined;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const pad = ' '.repeat(indent);
  const extra = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
  return `|${chomp}\n${lines.map((l) => (l === '' ? '' : pad + l)).join('\n')}\n${extra}`;
}

function isMap(value: YamlValue): value is { [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value after `key:` or `- `, starting with the separator (space or newline) and ending
 * with a newline. `indent` is the indent of the line holding the key or dash.
 */
function afterIndicator(value: YamlValue, indent: number, inSequence: boolean): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []\n';
    // Like yaml.v2, a sequence under a map key sits at the key's indent.
    return inSequence
      ? ` ${sequence(value, indent + 2).slice(indent + 2)}`
      : `\n${sequence(value, indent)}`;
  }
  if (isMap(value)) {
    if (Object.keys(value).length === 0) return ' {}\n';
    return inSequence
      ? ` ${mapping(value, indent + 2).slice(indent + 2)}`
      : `\n${mapping(value, indent + 2)}`;
  }
  if (typeof value === 'string') {
    const block = literalBlock(value, indent + 2);
    if (block !== undefined) return ` ${block}`;
  }
  return ` ${scalar(value)}\n`;
}

export function mapping(map: { [key: string]: YamlValue }, indent: number): string {
  const pad = ' '.repeat(indent);
  return Object.keys(map)
    .sort()
    .map((key) => `${pad}${scalar(key)}:${afterIndicator(map[key] ?? null, indent, false)}`)
    .join('');
}

export function sequence(items: YamlValue[], indent: number): string {
  const pad = ' '.repeat(indent);
  return items.map((item) => `${pad}-${afterIndicator(item, indent, true)}`).join('');
}

/** A whole document whose top level is a map. */
export function goYaml(doc: { [key: string]: YamlValue }): string {
  return Object.keys(doc).length === 0 ? '{}\n' : mapping(doc, 0);
}
