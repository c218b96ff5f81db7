// What Helm's strict decode refuses in one value, judged from the text of a line alone
// (helm/helm pkg/repo/index.go loadIndex; the Go types in pkg/chart/metadata.go).
import { RFC3339 } from './helm-rules.js';
import { DQUOTE, HASH, SQUOTE, closingQuote, keyEnd, plainEnd } from './line-values.js';
import { goScalarKind } from './yaml-values.js';

export type ScalarType = 'text' | 'bool' | 'time';

const NULL = /^(?:~|null|Null|NULL)$/;

const notText = (text: string, kind: 'bool' | 'int' | 'float'): string =>
  `\`${text}\` is ${kind === 'bool' ? 'a boolean' : 'a number'} where Helm expects text (quote it)`;

const expected = (type: 'bool' | 'time'): string =>
  type === 'bool' ? 'true or false' : 'an RFC 3339 time';

/** Why Helm refuses a plain value where it expects `type`. */
export function plainProblem(text: string, type: ScalarType): string | undefined {
  if (text === '' || NULL.test(text)) return undefined;
  const kind = goScalarKind(text);
  if (type === 'text') return kind === undefined ? undefined : notText(text, kind);
  if (type === 'bool')
    return kind === 'bool' ? undefined : `\`${text}\` where Helm expects true or false`;
  return RFC3339.test(text) ? undefined : `\`${text}\` where Helm expects ${expected(type)}`;
}

/** Why Helm refuses a quoted value (escapes left to the full parse of wanted entries). */
export function quotedProblem(text: string, type: string | undefined): string | undefined {
  if (type === 'bool') return `quoted text where Helm expects ${expected(type)}`;
  if (type === 'time' && !text.includes('\\') && !RFC3339.test(text)) {
    return `${JSON.stringify(text)} where Helm expects ${expected(type)}`;
  }
  return undefined;
}

/** Why Helm refuses the items of a one-line list of texts (`keywords: [web, 42]`). */
export function flowTextsProblem(items: string[]): string | undefined {
  for (const item of items) {
    const kind = goScalarKind(item);
    if (kind !== undefined && !NULL.test(item)) return notText(item, kind);
  }
  return undefined;
}

/** `[`, `{`, `&`, `!`, `*`, `|`, `>` */
export const VALUE_STARTS = new Set([0x5b, 0x7b, 0x26, 0x21, 0x2a, 0x7c, 0x3e]);

/**
 * What a version item holds on its `- ` line: nothing (its keys follow), null, a scalar (Helm
 * cannot decode either into ChartVersion), or the start of a mapping.
 */
export function itemShape(
  buffer: Buffer,
  position: number,
  end: number,
): 'empty' | 'null' | 'scalar' | 'mapping' {
  const first = buffer[position];
  if (position >= end || first === HASH) return 'empty';
  if (first === 0x7e || first === 0x6e || first === 0x4e) {
    if (NULL.test(buffer.toString('utf8', position, plainEnd(buffer, position, end))))
      return 'null';
  }
  if (first === DQUOTE || first === SQUOTE) {
    const close = closingQuote(buffer, position + 1, end, first);
    const keyed = /^\s*:(?:\s|$)/.test(buffer.toString('utf8', close + 1, end));
    return close >= 0 && !keyed ? 'scalar' : 'mapping';
  }
  if (first === 0x5b || first === 0x7c || first === 0x3e) return 'scalar';
  if (VALUE_STARTS.has(first ?? 0)) return 'mapping';
  return keyEnd(buffer, position, end) < 0 ? 'scalar' : 'mapping';
}
