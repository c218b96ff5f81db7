import { IndexFormatError } from './errors.js';
import {
  indexEntryKey,
  type IndexEntry,
  type IndexLookupMany,
  type WantedVersions,
} from './types.js';
import { isMapping, own, type YamlMapping } from './yaml-values.js';

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** An index item as an entry; undefined when it has no version string. */
export function entryFromItem(item: YamlMapping, chart: string): IndexEntry | undefined {
  const version = own(item, 'version');
  if (typeof version !== 'string') return undefined;
  const urls = own(item, 'urls');
  const entry: IndexEntry = {
    name: optionalString(own(item, 'name')) ?? chart,
    version,
    urls: Array.isArray(urls) ? urls.filter((url) => typeof url === 'string') : [],
  };
  const appVersion = optionalString(own(item, 'appVersion'));
  const digest = optionalString(own(item, 'digest'));
  const created = optionalString(own(item, 'created'));
  if (appVersion !== undefined) entry.appVersion = appVersion;
  if (digest !== undefined) entry.digest = digest;
  if (created !== undefined) entry.created = created;
  return entry;
}

/**
 * What a lookup found, filled the same way by the streaming reader and by the full parse.
 * Items that are not mappings are not versions (Helm skips them when it loads an index).
 */
export class LookupResult {
  apiVersion: string | undefined;
  contextPath: string | undefined;
  readonly entries = new Map<string, IndexEntry>();
  readonly versionsOfChart = new Map<string, number>();

  constructor(readonly wanted: WantedVersions) {}

  /** Records one item of a wanted chart; returns whether it counts as a version. */
  addItem(chart: string, item: unknown): boolean {
    if (!isMapping(item)) return false;
    const entry = entryFromItem(item, chart);
    if (entry !== undefined && this.wanted.get(chart)?.has(entry.version) === true) {
      const key = indexEntryKey(chart, entry.version);
      // Like Helm, the first of duplicated versions wins.
      if (!this.entries.has(key)) this.entries.set(key, entry);
    }
    return true;
  }

  setVersionCount(chart: string, count: number): void {
    this.versionsOfChart.set(chart, count);
  }

  /** Records a wanted chart's whole value: a list of versions, or null for none. */
  addChart(chart: string, value: unknown): void {
    if (value === null || value === undefined) {
      this.setVersionCount(chart, 0);
      return;
    }
    if (!Array.isArray(value)) {
      throw new IndexFormatError('invalid', `\`entries.${chart}\` is not a list of versions`);
    }
    let count = 0;
    for (const item of value) if (this.addItem(chart, item)) count++;
    this.setVersionCount(chart, count);
  }

  /** Takes what the lookup reports from a top-level key (`apiVersion`, `serverInfo`). */
  setTopLevel(key: string, value: unknown): void {
    if (key === 'apiVersion') this.apiVersion = optionalString(value);
    if (key === 'serverInfo') {
      this.contextPath = isMapping(value) ? optionalString(own(value, 'contextPath')) : undefined;
    }
  }

  toLookup(): IndexLookupMany {
    return {
      ...(this.apiVersion !== undefined && { apiVersion: this.apiVersion }),
      ...(this.contextPath !== undefined && { contextPath: this.contextPath }),
      entries: this.entries,
      versionsOfChart: this.versionsOfChart,
    };
  }
}
