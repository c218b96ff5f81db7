// Reading a chart archive the way a chart repository does on upload: gunzip + untar, take
// `<chart>/Chart.yaml`, and refuse anything that is not a chart.
import * as tar from 'tar';
import YAML from 'yaml';
import type { YamlValue } from './go-yaml.js';

export interface ChartMeta {
  name: string;
  version: string;
  appVersion?: string;
  description?: string;
  apiVersion?: string;
  /** Every Chart.yaml field, as the index repeats them. */
  fields: { [key: string]: YamlValue };
}

// Fields Helm's Metadata types as strings: their text is kept as written (`appVersion: 1.10`
// stays "1.10", not the number 1.1).
const STRING_FIELDS = [
  'name',
  'version',
  'appVersion',
  'description',
  'apiVersion',
  'kubeVersion',
  'home',
  'icon',
  'type',
];

function toYamlValue(value: unknown): YamlValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) {
    return value.map((v) => toYamlValue(v) ?? null);
  }
  if (typeof value === 'object') {
    const out: { [key: string]: YamlValue } = {};
    for (const [k, v] of Object.entries(value)) {
      const converted = toYamlValue(v);
      if (converted !== undefined) out[k] = converted;
    }
    return out;
  }
  return undefined;
}

async function readChartYaml(bytes: Buffer): Promise<string> {
  let text: string | undefined;
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      const parts = entry.path.replace(/^\.\//, '').split('/');
      if (text === undefined && parts.length === 2 && parts[1] === 'Chart.yaml') {
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => (text = Buffer.concat(chunks).toString('utf8')));
      } else entry.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('close', resolve);
    parser.on('error', reject);
    parser.end(bytes);
  });
  if (text === undefined) throw new Error('no <chart>/Chart.yaml in the archive');
  return text;
}

/** The chart's name and version; throws when either is missing or malformed. */
function checkedIdentity(fields: { [key: string]: YamlValue }): { name: string; version: string } {
  const name = fields.name;
  const version = fields.version;
  if (typeof name !== 'string' || name === '') throw new Error('Chart.yaml has no name');
  if (typeof version !== 'string' || version === '') throw new Error('Chart.yaml has no version');
  if (!/^[\w.-]+$/.test(name)) throw new Error(`chart name "${name}" has invalid characters`);
  if (parseVersion(version) === undefined)
    throw new Error(`chart version "${version}" is not SemVer`);
  return { name, version };
}

/** Reads and checks `<chart>/Chart.yaml` inside a .tgz; throws with the reason if it is no chart. */
export async function readChartMeta(bytes: Buffer): Promise<ChartMeta> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    throw new Error('not a gzip archive');
  }
  const text = await readChartYaml(bytes);
  let typed: unknown;
  let raw: unknown;
  try {
    typed = YAML.parse(text);
    raw = YAML.parse(text, { schema: 'failsafe' });
  } catch (error) {
    throw new Error(`Chart.yaml does not parse: ${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const fields = toYamlValue(typed);
  if (
    fields === undefined ||
    fields === null ||
    typeof fields !== 'object' ||
    Array.isArray(fields)
  )
    throw new Error('Chart.yaml is not a map');
  const rawMap = raw as Record<string, unknown>;
  for (const key of STRING_FIELDS) {
    const text = rawMap[key];
    if (typeof text === 'string') fields[key] = text;
  }
  const { name, version } = checkedIdentity(fields);
  const pick = (key: string): string | undefined => {
    const value = fields[key];
    return typeof value === 'string' ? value : undefined;
  };
  const appVersion = pick('appVersion');
  const description = pick('description');
  const apiVersion = pick('apiVersion');
  return {
    name,
    version,
    fields,
    ...(appVersion !== undefined && { appVersion }),
    ...(description !== undefined && { description }),
    ...(apiVersion !== undefined && { apiVersion }),
  };
}

interface ParsedVersion {
  core: [number, number, number];
  pre: string[];
}

// Lenient like Masterminds/semver (which Helm and ChartMuseum use): "v1", "1.2" are accepted.
function parseVersion(version: string): ParsedVersion | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(
    version,
  );
  if (m === null) return undefined;
  return {
    core: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)],
    pre: m[4] === undefined ? [] : m[4].split('.'),
  };
}

function comparePrerelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // release > pre-release
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (xn !== yn) return xn ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** SemVer precedence; the index lists versions newest first by it, as Helm sorts them. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x === undefined || y === undefined) return a < b ? -1 : a > b ? 1 : 0;
  for (let i = 0; i < 3; i++) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d !== 0) return d;
  }
  return comparePrerelease(x.pre, y.pre);
}
