// Shared by the index lookup tests: fixtures, chunked streams and an independent full parse.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  IndexFormatError,
  indexEntryKey,
  lookupIndex,
  type IndexEntry,
  type IndexLookupMany,
  type WantedVersion,
} from '../../src/index/lookup.js';

export const FIXTURES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/index',
);
export const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Block-style fixtures: the streaming reader answers these alone. */
export const BLOCK_FIXTURES = [
  'helm-v3.18.0.yaml',
  'helm-v4.1.4.yaml',
  'chartmuseum.yaml',
  'goyaml-v3.yaml',
  'tricky.yaml',
];
/** Fixtures only a full parse reads. */
export const FULL_PARSE_FIXTURES = ['helm-v4.1.4.json', 'flow.yaml', 'anchors.yaml'];

/** An async stream of the given chunks, as an HTTP response body is. */
export async function* stream<T>(chunks: Iterable<T>): AsyncGenerator<T> {
  for (const chunk of chunks) yield await Promise.resolve(chunk);
}

function* slices(all: Buffer, sizes: () => number): Generator<Uint8Array> {
  for (let at = 0; at < all.length;) {
    const size = sizes();
    yield new Uint8Array(all.subarray(at, at + size));
    at += size;
  }
}

/** Streams bytes in chunks of `size` (so lines and UTF-8 characters get split). */
export const bytes = (text: string, size = Number.MAX_SAFE_INTEGER): AsyncGenerator<Uint8Array> =>
  stream(slices(Buffer.from(text, 'utf8'), () => size));

/** Chunk sizes that differ from one chunk to the next, from a fixed seed. */
export function unevenBytes(text: string, seed: number): AsyncGenerator<Uint8Array> {
  let state = seed;
  return stream(
    slices(Buffer.from(text, 'utf8'), () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return 1 + (state % 97);
    }),
  );
}

export function strings(text: string, size: number): AsyncGenerator<string> {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return stream(chunks);
}

export const lookupText = (text: string, chart: string, version: string) =>
  lookupIndex(bytes(text), chart, version);

export async function formatError(promise: Promise<unknown>): Promise<IndexFormatError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(IndexFormatError);
  return error as IndexFormatError;
}

/**
 * What an index holds, read independently with the yaml package (all scalars as written), in
 * the shape lookupIndexMany reports.
 */
export function expectedFromFullParse(text: string): {
  wanted: WantedVersion[];
  result: IndexLookupMany;
} {
  const root = parseYaml(text, { schema: 'failsafe', merge: true }) as Record<string, unknown>;
  const entries = root.entries as Record<string, unknown>;
  const wanted: WantedVersion[] = [];
  const found = new Map<string, IndexEntry>();
  const versionsOfChart = new Map<string, number>();
  for (const [chart, list] of Object.entries(entries)) {
    if (!Array.isArray(list)) continue;
    // Helm drops versions without a name or with a version that is not SemVer.
    const kept = (list as Record<string, unknown>[]).filter(
      (item) =>
        typeof item.name === 'string' && /^v?\d+(\.\d+){0,2}([-+].*)?$/.test(String(item.version)),
    );
    versionsOfChart.set(chart, kept.length);
    for (const item of kept) {
      const version = item.version as string;
      const entry: IndexEntry = {
        name: (item.name as string | undefined) ?? chart,
        version,
        urls: (item.urls as string[] | undefined) ?? [],
      };
      for (const key of ['appVersion', 'digest', 'created'] as const) {
        if (typeof item[key] === 'string') entry[key] = item[key];
      }
      wanted.push({ chart, version });
      if (!found.has(indexEntryKey(chart, version)))
        found.set(indexEntryKey(chart, version), entry);
    }
    // Versions that only appear inside other values of the fixtures.
    for (const trap of ['9.9.9', '8.8.8', '7.7.7', '1.0.0']) wanted.push({ chart, version: trap });
  }
  const serverInfo = root.serverInfo as Record<string, unknown> | undefined;
  const result: IndexLookupMany = { entries: found, versionsOfChart };
  if (typeof root.apiVersion === 'string') result.apiVersion = root.apiVersion;
  if (typeof serverInfo?.contextPath === 'string') result.contextPath = serverInfo.contextPath;
  return { wanted, result };
}
