// Property: the reader's answer (entries, counts, or the error and its line) does not depend on
// how the bytes arrive. Every corpus file is cut at random boundaries (seeded), which splits CRLF
// pairs and multi-byte UTF-8 characters, and at every single byte for the small files.
import { describe, expect, it } from 'vitest';
import { IndexFormatError, lookupIndexMany, type WantedVersion } from '../../src/index/lookup.js';
import { corpus } from './oracle-corpus.js';

async function* chunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > at) yield await Promise.resolve(new Uint8Array(bytes.subarray(at, cut)));
    at = Math.max(at, cut);
  }
}

function randomCuts(length: number, seed: number): number[] {
  let state = seed;
  const next = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state;
  };
  const cuts: number[] = [];
  for (let at = next() % 9; at < length; at += 1 + (next() % 64)) cuts.push(at);
  return cuts;
}

async function answer(bytes: Buffer, cuts: number[], wanted: WantedVersion[]): Promise<unknown> {
  try {
    const found = await lookupIndexMany(chunks(bytes, cuts), wanted);
    return { ...found, entries: [...found.entries], versionsOfChart: [...found.versionsOfChart] };
  } catch (error) {
    if (error instanceof IndexFormatError) return { kind: error.kind, message: error.message };
    throw error;
  }
}

/** Every `name:`/`version:` pair written in the file, roughly: enough to ask for real entries. */
function wantedIn(bytes: Buffer): WantedVersion[] {
  const text = bytes.toString('latin1');
  const charts = [...text.matchAll(/^ {2,4}["']?([\w.-]+)["']?:\s*$/gm)].map((m) => m[1] ?? '');
  const versions = [...text.matchAll(/version["']?:\s*["']?([\w.+-]+)/g)].map((m) => m[1] ?? '');
  const wanted: WantedVersion[] = [{ chart: 'absent', version: '1.0.0' }];
  for (const chart of charts.slice(0, 20)) {
    for (const version of versions.slice(0, 20)) wanted.push({ chart, version });
  }
  return wanted;
}

describe('the answer does not depend on chunk boundaries', () => {
  it.each(corpus().map((file) => [file.name, file] as const))('%s', async (_name, file) => {
    const wanted = [...wantedIn(file.bytes), ...file.ask];
    const whole = await answer(file.bytes, [], wanted);
    for (let seed = 1; seed <= 6; seed++) {
      expect(await answer(file.bytes, randomCuts(file.bytes.length, seed), wanted)).toEqual(whole);
    }
    if (file.bytes.length <= 1200) {
      const everyByte = Array.from({ length: file.bytes.length }, (_, i) => i);
      expect(await answer(file.bytes, everyByte, wanted)).toEqual(whole);
    }
  });
});
