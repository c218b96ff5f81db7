// index.yaml as ChartMuseum writes it, assembled from byte chunks so that a synthetic index of
// tens of megabytes is rendered once, kept, and streamed without being copied per request.
import { createHash } from 'node:crypto';
import { mapping, scalar, type YamlValue } from './go-yaml.js';

export interface IndexChart {
  name: string;
  version: string;
  digest: string;
  created: string;
  fields: { [key: string]: YamlValue };
}

/** RFC 3339 with nanoseconds, as Go's time.Time marshals. */
export function goTimestamp(date = new Date()): string {
  return date.toISOString().replace(/Z$/, '000000Z');
}

/** One `entries` item: the chart's Chart.yaml fields plus created, digest and urls. */
export function indexEntry(chart: IndexChart, url: string): { [key: string]: YamlValue } {
  return { ...chart.fields, created: chart.created, digest: chart.digest, urls: [url] };
}

/**
 * The lines under `entries:` for these charts (indent 2, Go style), names sorted; each
 * chart's versions must already be in index order (newest first).
 */
export function renderEntries(byName: Map<string, { [key: string]: YamlValue }[]>): string {
  const entries: { [key: string]: YamlValue } = {};
  for (const [name, versions] of byName) entries[name] = versions;
  return mapping(entries, 2);
}

export interface IndexParts {
  /** Pre-rendered entry lines (synthetic charts), kept between requests. */
  cached: readonly Buffer[];
  /** Entry lines rendered for this request. */
  live: string;
  contextPath?: string;
}

/** The whole index as chunks; `generated` is stamped per request like a live server does. */
export function indexChunks(parts: IndexParts): Buffer[] {
  const empty = parts.cached.length === 0 && parts.live === '';
  const tail = [`generated: ${scalar(goTimestamp())}\n`];
  if (parts.contextPath !== undefined && parts.contextPath !== '') {
    tail.push(`serverInfo:\n  contextPath: ${scalar(parts.contextPath)}\n`);
  }
  return [
    Buffer.from(`apiVersion: v1\nentries:${empty ? ' {}' : ''}\n`),
    ...parts.cached,
    Buffer.from(parts.live + tail.join('')),
  ];
}

export function chunksLength(chunks: readonly Buffer[]): number {
  return chunks.reduce((sum, c) => sum + c.length, 0);
}

/**
 * About the first half of an index, cut in the middle of a map key so that it can never parse:
 * a cut at an arbitrary byte may still be valid YAML (a shortened digest, a cut inside a block
 * scalar, a whole number of entries). The key is a chart name (indent 2, which no block scalar
 * of an entry reaches) after the midpoint, else `generated`.
 */
export function truncateIndex(chunks: readonly Buffer[]): Buffer {
  const whole = Buffer.concat(chunks);
  const cutKey = (keyStart: number): Buffer => {
    const colon = whole.indexOf(':', keyStart);
    return whole.subarray(0, keyStart + Math.max(1, Math.floor((colon - keyStart) / 2)));
  };
  for (
    let at = whole.indexOf('\n  ', whole.length >> 1);
    at >= 0;
    at = whole.indexOf('\n  ', at + 1)
  ) {
    const first = whole[at + 3];
    if (first !== undefined && first !== 0x20 && first !== 0x2d) return cutKey(at + 3);
  }
  return cutKey(whole.lastIndexOf('\ngenerated:') + 1);
}

export const SYNTHETIC_CHART_PREFIX = 'synthetic-';

/**
 * Entry lines for `charts` × `versionsPerChart` made-up versions (≈400 bytes each), in
 * chunks of about a megabyte. No tarballs exist behind them; downloads of them answer 404.
 */
export function syntheticEntries(
  charts: number,
  versionsPerChart: number,
  urlFor: (file: string) => string,
): { chunks: Buffer[]; names: Set<string> } {
  const chunks: Buffer[] = [];
  const names = new Set<string>();
  let pending: string[] = [];
  let pendingLength = 0;
  const width = Math.max(5, String(charts - 1).length);
  for (let c = 0; c < charts; c++) {
    const name = `${SYNTHETIC_CHART_PREFIX}${String(c).padStart(width, '0')}`;
    names.add(name);
    pending.push(`  ${name}:\n`);
    for (let v = versionsPerChart - 1; v >= 0; v--) {
      const version = `1.${Math.floor(v / 100)}.${v % 100}`;
      const digest = createHash('sha256').update(`${name}-${version}`).digest('hex');
      const item =
        `  - apiVersion: v2\n    appVersion: ${version}\n` +
        `    created: "2025-01-01T00:00:00.000000000Z"\n` +
        `    description: Synthetic chart ${name} for index performance measurements\n` +
        `    digest: ${digest}\n    name: ${name}\n    type: application\n` +
        `    urls:\n    - ${urlFor(`${name}-${version}.tgz`)}\n    version: ${version}\n`;
      pending.push(item);
      pendingLength += item.length;
    }
    if (pendingLength >= 1 << 20 || c === charts - 1) {
      chunks.push(Buffer.from(pending.join('')));
      pending = [];
      pendingLength = 0;
    }
  }
  return { chunks, names };
}
