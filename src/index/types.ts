/** One chart version as a chart repository's index.yaml lists it. */
export interface IndexEntry {
  name: string;
  version: string;
  appVersion?: string;
  /** Hex SHA-256 of the chart archive, as the repository stores it (no `sha256:` prefix). */
  digest?: string;
  /** Relative to the repository URL, or absolute. */
  urls: string[];
  created?: string;
}

export interface IndexLookup {
  apiVersion?: string;
  /** `serverInfo.contextPath` (ChartMuseum), wherever it appears in the document. */
  contextPath?: string;
  entry?: IndexEntry;
  /** Versions the index lists for the chart (0 when the chart is absent). */
  versionsOfChart: number;
  chartFound: boolean;
}

export interface WantedVersion {
  chart: string;
  version: string;
}

export interface IndexLookupMany {
  apiVersion?: string;
  contextPath?: string;
  /** Found versions, keyed by `chart@version` (see `indexEntryKey`). */
  entries: Map<string, IndexEntry>;
  /** Versions listed per wanted chart; a wanted chart missing from the index has no key. */
  versionsOfChart: Map<string, number>;
}

/** chart name → versions wanted of it */
export type WantedVersions = ReadonlyMap<string, ReadonlySet<string>>;

export const indexEntryKey = (chart: string, version: string): string => `${chart}@${version}`;
