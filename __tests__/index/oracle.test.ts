// Differential test: the index reader against real Helm (3.8.1, 3.18.0, 4.1.4, 4.2.3) on every
// file of the corpus. The reader must answer what every one of those Helms agrees on: it refuses
// an index any of them refuses, and returns a version only when every one of them keeps it, with
// the same name, version, digest, URLs, created time and appVersion.
import { describe, expect, it } from 'vitest';
import {
  IndexFormatError,
  indexEntryKey,
  lookupIndexMany,
  type IndexLookupMany,
  type WantedVersion,
} from '../../src/index/lookup.js';
import { ORACLE_HELMS, ZERO_TIME, helmView, type HelmEntry, type HelmView } from './helm-oracle.js';
import { corpus, type CorpusFile } from './oracle-corpus.js';

const HELM_PREFIX = "the repository's index.yaml is invalid for Helm: ";

async function* whole(bytes: Buffer): AsyncGenerator<Buffer> {
  yield await Promise.resolve(bytes);
}

async function readerView(
  file: CorpusFile,
  wanted: WantedVersion[],
): Promise<IndexLookupMany | IndexFormatError> {
  try {
    return await lookupIndexMany(whole(file.bytes), wanted);
  } catch (error) {
    if (error instanceof IndexFormatError) return error;
    throw error;
  }
}

/**
 * The Helms whose view counts for entries: Helm 3.8.1 does not really drop the entries it skips
 * (its loadIndex shortens a copy of the slice), so it is left out when it skipped any.
 */
const judges = (views: [string, HelmView][]): HelmView[] =>
  views.filter(([helm, view]) => !(helm === 'v3.8.1' && view.skipped)).map(([, view]) => view);

/**
 * Whether every judge lists `chart@version`, and the entry they resolve for it. `helm repo index
 * --merge` keeps one of semver-equal versions (`v1.2`, `1.2.0`), so an entry may be listed
 * without fields to compare.
 */
function agreedEntry(
  views: HelmView[],
  chart: string,
  version: string,
  name: string,
): { listed: boolean; entry?: HelmEntry } {
  const key = indexEntryKey(chart, version);
  if (!views.every((view) => view.listed.has(key.toLowerCase()))) return { listed: false };
  const all = views.map((view) => view.entries.get(indexEntryKey(name, version)));
  const [first] = all;
  if (first === undefined || all.includes(undefined)) return { listed: true };
  for (const other of all) expect(other, `Helms disagree on ${key}`).toEqual(first);
  return { listed: true, entry: first };
}

function wantedFor(file: CorpusFile, views: HelmView[]): WantedVersion[] {
  const keys = new Set<string>();
  for (const view of views) for (const key of view.entries.keys()) keys.add(key);
  const wanted = [...keys].map((key) => {
    const at = key.lastIndexOf('@');
    return { chart: key.slice(0, at), version: key.slice(at + 1) };
  });
  return [...wanted, ...file.ask];
}

const sameTime = (ours: string | undefined, helms: string): boolean =>
  ours === undefined ? helms === ZERO_TIME : Date.parse(ours) === Date.parse(helms);

describe('the index reader agrees with real Helm', () => {
  const files = corpus().map((file) => [file.name, file] as const);
  it.each(files)('%s', compareWithHelm);
});

async function compareWithHelm(_name: string, file: CorpusFile): Promise<void> {
  const views = await Promise.all(ORACLE_HELMS.map((helm) => helmView(helm, file.bytes)));
  const named = ORACLE_HELMS.map((helm, i) => [helm, views[i]] as [string, HelmView]);
  const wanted = wantedFor(file, views);
  const ours = await readerView(file, wanted);
  // Refusals must not depend on which charts are asked for.
  const oursAbsent = await readerView(file, [{ chart: 'absent', version: '1.0.0' }]);
  const refusedBy = named.filter(([, view]) => view.refused !== undefined);
  if (refusedBy.length > 0) {
    const why = named.map(([helm, view]) => `${helm}: ${view.refused ?? 'accepted'}`).join('\n');
    for (const answer of [ours, oursAbsent]) {
      expect(answer, `Helm refuses it:\n${why}`).toBeInstanceOf(IndexFormatError);
      if (answer instanceof IndexFormatError && answer.kind === 'invalid') {
        expect(answer.message.startsWith(HELM_PREFIX), answer.message).toBe(true);
      }
    }
    return;
  }
  if (ours instanceof IndexFormatError) throw ours;
  if (oursAbsent instanceof IndexFormatError) throw oursAbsent;
  const helms = judges(named);
  for (const { chart, version } of wanted) {
    const key = indexEntryKey(chart, version);
    const mine = ours.entries.get(key);
    const theirs = agreedEntry(helms, chart, version, mine?.name ?? chart);
    expect(mine !== undefined, `${key}: found by the reader / by every Helm`).toBe(theirs.listed);
    if (mine === undefined || theirs.entry === undefined) continue;
    const normalized = { ...mine, appVersion: mine.appVersion ?? '', digest: mine.digest ?? '' };
    expect({ ...normalized, created: '' }).toEqual({ ...theirs.entry, created: '' });
    expect(sameTime(mine.created, theirs.entry.created), `${key} created`).toBe(true);
  }
}
