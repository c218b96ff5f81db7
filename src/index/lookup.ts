import { BlockIndexScanner } from './block-scanner.js';
import { IndexFormatError, NeedsFullParse } from './errors.js';
import { lookupInText } from './full-parse.js';
import { LineSplitter } from './lines.js';
import {
  indexEntryKey,
  type IndexLookup,
  type IndexLookupMany,
  type WantedVersion,
  type WantedVersions,
} from './types.js';

export { IndexFormatError, type IndexFormatErrorKind } from './errors.js';
export {
  indexEntryKey,
  type IndexEntry,
  type IndexLookup,
  type IndexLookupMany,
  type WantedVersion,
} from './types.js';

/**
 * Once the document has shown itself to be block-style YAML, its raw bytes are kept for a full
 * parse only up to this size: beyond it a full parse would not fit in memory anyway.
 */
const KEEP_FOR_FULL_PARSE_BYTES = 8 * 1024 * 1024;

/** A full parse of a larger document (flow style, JSON) is refused rather than risked. */
const MAX_FULL_PARSE_BYTES = 256 * 1024 * 1024;

export interface LookupOptions {
  /** Overrides KEEP_FOR_FULL_PARSE_BYTES (tests). */
  keepForFullParseBytes?: number;
}

/**
 * Finds one chart version in a chart repository's index.yaml, streamed: see lookupIndexMany.
 */
export async function lookupIndex(
  source: AsyncIterable<Uint8Array | string>,
  chart: string,
  version: string,
  options?: LookupOptions,
): Promise<IndexLookup> {
  const found = await lookupIndexMany(source, [{ chart, version }], options);
  const entry = found.entries.get(indexEntryKey(chart, version));
  const versionsOfChart = found.versionsOfChart.get(chart);
  return {
    ...(found.apiVersion !== undefined && { apiVersion: found.apiVersion }),
    ...(found.contextPath !== undefined && { contextPath: found.contextPath }),
    ...(entry !== undefined && { entry }),
    versionsOfChart: versionsOfChart ?? 0,
    chartFound: versionsOfChart !== undefined,
  };
}

/**
 * Finds chart versions in an index.yaml in one pass: block style streams in flat memory, any other
 * style is parsed whole. Throws IndexFormatError for HTML, a non-index or a cut-short document.
 */
export async function lookupIndexMany(
  source: AsyncIterable<Uint8Array | string>,
  wanted: readonly WantedVersion[],
  options: LookupOptions = {},
): Promise<IndexLookupMany> {
  const keepLimit = options.keepForFullParseBytes ?? KEEP_FOR_FULL_PARSE_BYTES;
  const wantedVersions = groupByChart(wanted);
  const scanner = new BlockIndexScanner(wantedVersions);
  const splitter = new LineSplitter(scanner);
  const iterator = source[Symbol.asyncIterator]();
  let kept: Buffer[] | undefined = [];
  let keptBytes = 0;
  let exhausted = false as boolean;
  const read = async (): Promise<Buffer | undefined> => {
    const next = await iterator.next();
    if (next.done === true) {
      exhausted = true;
      return undefined;
    }
    return toBuffer(next.value);
  };
  try {
    try {
      for (let chunk = await read(); chunk !== undefined; chunk = await read()) {
        kept?.push(chunk);
        keptBytes += chunk.length;
        splitter.push(chunk);
        if (scanner.committed && keptBytes > keepLimit) kept = undefined;
      }
      splitter.end();
      return scanner.finish();
    } catch (error) {
      if (!(error instanceof NeedsFullParse)) throw error;
      if (kept === undefined) throw error.orElse ?? tooLargeToParse(error, keepLimit);
      for (let chunk = await read(); chunk !== undefined; chunk = await read()) {
        kept.push(chunk);
        keptBytes += chunk.length;
        if (keptBytes > MAX_FULL_PARSE_BYTES) throw tooLargeToParse(error, MAX_FULL_PARSE_BYTES);
      }
      return lookupInText(Buffer.concat(kept).toString('utf8'), wantedVersions);
    }
  } finally {
    // Stop the download when we stop early (an HTML page, an error), keeping our own error.
    if (!exhausted) await iterator.return?.().catch(() => undefined);
  }
}

function tooLargeToParse(cause: NeedsFullParse, limit: number): IndexFormatError {
  const megabytes = Math.round(limit / (1024 * 1024));
  return new IndexFormatError(
    'unsupported',
    `the index uses YAML this reader leaves to a full parse (${cause.message}), and it is larger than the ${megabytes} MB such a parse may use`,
    { cause },
  );
}

function groupByChart(wanted: readonly WantedVersion[]): WantedVersions {
  const byChart = new Map<string, Set<string>>();
  for (const { chart, version } of wanted) {
    const versions = byChart.get(chart) ?? new Set<string>();
    versions.add(version);
    byChart.set(chart, versions);
  }
  return byChart;
}

function toBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
}
