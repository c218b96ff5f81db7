import {
  CHART_VERSION_FIELDS,
  dropReason,
  goText,
  helmRefusal,
  mappingProblem,
  sanitize,
  typeProblem,
} from './helm-rules.js';
import {
  indexEntryKey,
  type IndexEntry,
  type IndexLookupMany,
  type WantedVersions,
} from './types.js';
import { isMapping, own, type YamlMapping } from './yaml-values.js';

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A field as Go's encoding/json finds it: the exact key first, then any spelling of it. */
function field(item: YamlMapping, key: string): unknown {
  if (Object.hasOwn(item, key)) return item[key];
  const lower = key.toLowerCase();
  return Object.entries(item).find(([k]) => k.toLowerCase() === lower)?.[1];
}

/** An index item (type-checked, not dropped) as an entry, with Helm's text for each field. */
export function entryFromItem(item: YamlMapping, chart: string): IndexEntry {
  const urls = field(item, 'urls');
  const entry: IndexEntry = {
    name: sanitize(optionalString(field(item, 'name')) ?? chart),
    version: sanitize(optionalString(field(item, 'version')) ?? ''),
    urls: Array.isArray(urls) ? urls.flatMap((url) => goText(url) ?? []) : [],
  };
  const appVersion = optionalString(field(item, 'appVersion'));
  const digest = goText(field(item, 'digest'));
  const created = optionalString(field(item, 'created'));
  if (appVersion !== undefined) entry.appVersion = sanitize(appVersion);
  if (digest !== undefined) entry.digest = digest;
  if (created !== undefined) entry.created = created;
  return entry;
}

/**
 * What a lookup found, filled the same way by the streaming reader and by the full parse, with
 * Helm's rules (see helm-rules.ts): a wrong type refuses the index, an invalid entry is dropped.
 */
export class LookupResult {
  apiVersion: string | undefined;
  contextPath: string | undefined;
  readonly entries = new Map<string, IndexEntry>();
  readonly versionsOfChart = new Map<string, number>();

  constructor(readonly wanted: WantedVersions) {}

  /** Records one item of a wanted chart; returns whether Helm keeps it as a version. */
  addItem(chart: string, item: unknown, line?: number): boolean {
    if (item === null || item === undefined) {
      throw helmRefusal(`an empty version under \`entries.${chart}\` (Helm 3 crashes on it)`, line);
    }
    if (!isMapping(item)) throw helmRefusal(`a version of \`${chart}\` is not a mapping`, line);
    const problem = mappingProblem(CHART_VERSION_FIELDS, item, `entries.${chart}`);
    if (problem !== undefined) throw helmRefusal(problem, line);
    if (dropReason(item) !== undefined) return false;
    const entry = entryFromItem(item, chart);
    if (this.wanted.get(chart)?.has(entry.version) === true) {
      const key = indexEntryKey(chart, entry.version);
      // Like Helm's IndexFile.Get, the first of duplicated versions wins.
      if (!this.entries.has(key)) this.entries.set(key, entry);
    }
    return true;
  }

  setVersionCount(chart: string, count: number): void {
    if (this.wanted.has(chart)) this.versionsOfChart.set(chart, count);
  }

  /** Records a wanted chart's whole value: a list of versions, or null for none. */
  addChart(chart: string, value: unknown, line?: number): void {
    if (value === null || value === undefined) {
      this.setVersionCount(chart, 0);
      return;
    }
    if (!Array.isArray(value)) {
      throw helmRefusal(`\`entries.${chart}\` is not a list of versions`, line);
    }
    let count = 0;
    for (const item of value) if (this.addItem(chart, item, line)) count++;
    this.setVersionCount(chart, count);
  }

  /** Takes what the lookup reports from a top-level key (`apiVersion`, `serverInfo`, …). */
  setTopLevel(key: string, value: unknown, line?: number): void {
    if (key === 'apiVersion') {
      const problem = typeProblem('textConv', value, key);
      if (problem !== undefined) throw helmRefusal(problem, line);
      this.apiVersion = goText(value);
    }
    if (key === 'generated') {
      const problem = typeProblem('time', value, key);
      if (problem !== undefined) throw helmRefusal(problem, line);
    }
    if (key === 'serverInfo') {
      this.contextPath = isMapping(value) ? optionalString(own(value, 'contextPath')) : undefined;
    }
  }

  toLookup(): IndexLookupMany {
    // loadIndex: "no API version specified".
    if (this.apiVersion === undefined || this.apiVersion === '') {
      throw helmRefusal('no `apiVersion` (Helm requires one, e.g. `apiVersion: v1`)');
    }
    return {
      apiVersion: this.apiVersion,
      ...(this.contextPath !== undefined && { contextPath: this.contextPath }),
      entries: this.entries,
      versionsOfChart: this.versionsOfChart,
    };
  }
}
