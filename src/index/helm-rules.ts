/**
 * Helm's index loading (helm/helm pkg/repo/index.go `loadIndex`, pkg/repo/v1 in Helm 4): a strict
 * decode refuses the whole index, then `ChartVersion.Validate` drops single entries.
 */
import { helmRefusal } from './errors.js';
import { GoTyped, isMapping, type YamlMapping } from './yaml-values.js';

/** `text`: Go string, numbers refused; `textConv`: Go string a number or boolean turns into. */
type FieldType =
  | 'text'
  | 'textConv'
  | 'bool'
  | 'time'
  | 'texts'
  | 'textsConv'
  | 'textMap'
  | 'maintainers'
  | 'dependencies'
  | 'any';
type Fields = Readonly<Record<string, FieldType>>;

/** chart.Metadata (inline) and ChartVersion's own fields. */
export const CHART_VERSION_FIELDS: Fields = {
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
export const MAINTAINER_FIELDS: Fields = { name: 'text', email: 'text', url: 'text' };
export const DEPENDENCY_FIELDS: Fields = {
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
export const INDEX_FIELDS: Fields = {
  apiversion: 'textConv',
  generated: 'time',
  entries: 'any',
  publickeys: 'textsConv',
  serverinfo: 'any',
  annotations: 'textMap',
};

export { helmRefusal };

export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Go's encoding/json matches field names without regard to case. */
export const fieldType = (fields: Fields, key: string): FieldType | undefined =>
  fields[key.toLowerCase()];

const describe = (value: unknown): string =>
  value instanceof GoTyped
    ? `\`${value.text}\` (a ${value.kind === 'bool' ? 'boolean' : 'number'})`
    : JSON.stringify(value);

/** Checks one value against the Go type Helm decodes it into; returns why it is refused. */
export function typeProblem(type: FieldType, value: unknown, where: string): string | undefined {
  if (value === null || value === undefined || type === 'any') return undefined;
  switch (type) {
    case 'texts':
    case 'textsConv': {
      if (!Array.isArray(value)) return `\`${where}\` is not a list`;
      const itemType = type === 'texts' ? 'text' : 'textConv';
      return firstProblem(value, (item) => typeProblem(itemType, item, where));
    }
    case 'textMap':
      if (!isMapping(value)) return `\`${where}\` is not a mapping`;
      return firstProblem(Object.entries(value), ([key, item]) =>
        typeProblem('text', item, `${where}.${key}`),
      );
    case 'maintainers':
      return listProblem(MAINTAINER_FIELDS, value, where);
    case 'dependencies':
      return listProblem(DEPENDENCY_FIELDS, value, where);
    default:
      return scalarProblem(type, value, where);
  }
}

function firstProblem<T>(items: T[], check: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const problem = check(item);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function scalarProblem(
  type: 'text' | 'textConv' | 'bool' | 'time',
  value: unknown,
  where: string,
): string | undefined {
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

function listProblem(fields: Fields, value: unknown, where: string): string | undefined {
  if (!Array.isArray(value)) return `\`${where}\` is not a list`;
  for (const item of value) {
    if (item === null) continue;
    if (!isMapping(item)) return `\`${where}\` holds something that is not a mapping`;
    const problem = mappingProblem(fields, item, where);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Unknown fields and wrong types in one mapping (strict decoding refuses both). */
export function mappingProblem(
  fields: Fields,
  item: YamlMapping,
  where: string,
): string | undefined {
  for (const [key, value] of Object.entries(item)) {
    const type = fieldType(fields, key);
    if (type === undefined) return `unknown field \`${key}\` in \`${where}\``;
    const problem = typeProblem(type, value, `${where}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** Masterminds semver `NewVersion`, as Helm's chart validation uses it. */
const SEMVER =
  /^v?(?:0|[1-9]\d*|0\d+)(?:\.\d+)?(?:\.\d+)?(?:-(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

export const isHelmSemver = (version: string): boolean => SEMVER.test(version);

/** Helm's `sanitizeString`: white space becomes a space, other unprintable characters go. */
export function sanitize(text: string): string {
  return text.replace(/\s/gu, ' ').replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/gu, '');
}

const ALIAS = /^[a-zA-Z0-9_-]*$/;

/** Why Helm drops this (already type-checked) entry when it loads the index, if it does. */
export function dropReason(item: YamlMapping): string | undefined {
  const get = (key: string): unknown =>
    Object.entries(item).find(([k]) => k.toLowerCase() === key)?.[1];
  const text = (key: string): string => {
    const value = get(key);
    return typeof value === 'string' ? sanitize(value) : '';
  };
  const name = text('name');
  if (name === '') return 'no name';
  if (name.includes('/') || name === '.' || name === '..') return `name ${JSON.stringify(name)}`;
  const version = text('version');
  if (!isHelmSemver(version)) return `version ${JSON.stringify(version)} is not SemVer`;
  const type = text('type');
  if (type !== '' && type !== 'application' && type !== 'library') return 'bad chart type';
  const dependencies = get('dependencies');
  if (Array.isArray(dependencies)) {
    for (const dependency of dependencies) {
      if (!isMapping(dependency)) return 'an empty dependency';
      const alias = Object.entries(dependency).find(([k]) => k.toLowerCase() === 'alias')?.[1];
      if (typeof alias === 'string' && !ALIAS.test(alias)) return 'a bad dependency alias';
    }
  }
  const maintainers = get('maintainers');
  if (Array.isArray(maintainers) && maintainers.some((m) => m === null))
    return 'an empty maintainer';
  return undefined;
}

/** The text sigs.k8s.io/yaml makes of a number or boolean decoded into a Go string. */
export function goText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (!(value instanceof GoTyped)) return undefined;
  if (value.kind === 'bool') return /^(?:y|yes|true|on)$/i.test(value.text) ? 'true' : 'false';
  const plain = value.text.replaceAll('_', '');
  if (value.kind === 'int') {
    const negative = plain.startsWith('-');
    const digits = plain.replace(/^[-+]/, '');
    const octal = /^0[0-7]+$/.test(digits) ? `0o${digits.slice(1)}` : digits;
    const parsed = BigInt(octal);
    return (negative ? -parsed : parsed).toString();
  }
  const number = Number(plain.replace(/^([-+]?)\./, '$10.').replace(/\.(?=$|[eE])/, ''));
  if (Number.isNaN(number)) return 'NaN';
  if (!Number.isFinite(number)) return number > 0 ? '+Inf' : '-Inf';
  // strconv.FormatFloat(f, 'g', -1, 32): the shortest text that reads back as the same float32.
  const single = Math.fround(number);
  for (let digits = 1; digits <= 9; digits++) {
    const text = single.toPrecision(digits);
    if (Math.fround(Number(text)) === single) return goFloatText(Number(text), digits);
  }
  return String(single);
}

function goFloatText(number: number, digits: number): string {
  const exponent = number === 0 ? 0 : Math.floor(Math.log10(Math.abs(number)));
  if (exponent < -4 || exponent >= 6) {
    const [mantissa = '', power = '0'] = number.toExponential(digits - 1).split('e');
    const sign = power.startsWith('-') ? '-' : '+';
    return `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
  }
  return String(number);
}
