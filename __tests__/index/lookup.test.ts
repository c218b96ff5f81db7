import { describe, expect, it } from 'vitest';
import { fullParse } from './full-parse-spy.js';
import { lookupIndex, lookupIndexMany } from '../../src/index/lookup.js';
import {
  fixture,
  BLOCK_FIXTURES,
  FULL_PARSE_FIXTURES,
  bytes,
  unevenBytes,
  strings,
  lookupText,
  expectedFromFullParse,
} from './lookup-helpers.js';

describe('indexes written by real Helm', () => {
  it.each(['helm-v3.18.0.yaml', 'helm-v4.1.4.yaml', 'helm-v4.1.4.json'])(
    '%s: finds each version with its digest',
    async (name) => {
      const text = fixture(name);
      const found = await lookupText(text, 'webapp', '1.2.3+build.7');
      expect(found).toMatchObject({ apiVersion: 'v1', chartFound: true, versionsOfChart: 3 });
      expect(found.entry).toMatchObject({
        name: 'webapp',
        version: '1.2.3+build.7',
        appVersion: '1.2',
        digest: '86b9e48af7dc0b87b4ba39dbafd9bcf4a2c2fc52c7374549149ee1822088fda1',
      });
      expect(found.entry?.urls[0]).toMatch(/webapp-1\.2\.3\+build\.7\.tgz$/);
      expect(found.entry?.created).toMatch(/^\d{4}-\d\d-\d\dT/);

      // "1.10" is not the number 1.1, and 1.10.0 is not 1.1.0.
      const ten = await lookupText(text, 'webapp', '1.0.0');
      expect(ten.entry?.appVersion).toBe('1.10');
      expect((await lookupText(text, 'webapp', '1.10.0')).entry?.digest).toBe(
        '78a95630933795ee98d1a2b98919865ce853f43fa82c8f97fac5661a00f923a9',
      );
      expect((await lookupText(text, 'webapp', '1.1.0')).entry).toBeUndefined();
    },
  );

  it('keeps absolute and relative urls as the index writes them', async () => {
    const absolute = await lookupText(fixture('helm-v3.18.0.yaml'), 'tricky', '0.1.0');
    expect(absolute.entry?.urls).toEqual(['https://charts.example.com/stable/tricky-0.1.0.tgz']);
    const relative = await lookupText(fixture('helm-v4.1.4.yaml'), 'tricky', '0.1.0');
    expect(relative.entry?.urls).toEqual(['tricky-0.1.0.tgz']);
  });

  it('is not fooled by keys inside multi-line descriptions', async () => {
    // Helm wrote the description as a multi-line quoted string containing "version: 0.1.0" and
    // "digest: deadbeef".
    const found = await lookupText(fixture('helm-v3.18.0.yaml'), 'tricky', '9.9.9');
    expect(found).toMatchObject({ chartFound: true, versionsOfChart: 1 });
    expect(found.entry).toBeUndefined();
    const real = await lookupText(fixture('helm-v3.18.0.yaml'), 'tricky', '0.1.0');
    expect(real.entry?.digest).toBe(
      'b4168f24e332481a20a0cb7cd4b70829091f635892f273752331e01e0bdfe45c',
    );
  });

  it('reports a missing chart and a missing version differently', async () => {
    const text = fixture('helm-v3.18.0.yaml');
    expect(await lookupText(text, 'nope', '1.0.0')).toEqual({
      apiVersion: 'v1',
      chartFound: false,
      versionsOfChart: 0,
    });
    expect(await lookupText(text, 'webapp', '9.9.9')).toEqual({
      apiVersion: 'v1',
      chartFound: true,
      versionsOfChart: 3,
    });
  });
});

describe('agreement with a full parse', () => {
  it.each([...BLOCK_FIXTURES, ...FULL_PARSE_FIXTURES])(
    '%s: every version, and versions hidden in text, as a full parse reads them',
    async (name) => {
      const text = fixture(name);
      const { wanted, result } = expectedFromFullParse(text);
      const found = await lookupIndexMany(bytes(text), wanted);
      expect(found.entries).toEqual(result.entries);
      for (const [chart, count] of result.versionsOfChart) {
        expect(found.versionsOfChart.get(chart), chart).toBe(count);
      }
      expect(found.apiVersion).toBe(result.apiVersion);
      expect(found.contextPath).toBe(result.contextPath);
    },
  );

  // tricky.yaml's flow list over two lines is left to the full parse.
  it.each(BLOCK_FIXTURES.filter((name) => name !== 'tricky.yaml'))(
    '%s: the streaming reader answers alone',
    async (name) => {
      const text = fixture(name);
      const { wanted } = expectedFromFullParse(text);
      await lookupIndexMany(unevenBytes(text, 7), wanted);
      expect(fullParse).not.toHaveBeenCalled();
    },
  );

  it.each(FULL_PARSE_FIXTURES)('%s: is left to the full parse', async (name) => {
    const text = fixture(name);
    const { wanted, result } = expectedFromFullParse(text);
    const found = await lookupIndexMany(unevenBytes(text, 3), wanted);
    expect(fullParse).toHaveBeenCalledTimes(1);
    expect(found.entries).toEqual(result.entries);
  });
});

describe('chunk boundaries', () => {
  it.each([...BLOCK_FIXTURES, ...FULL_PARSE_FIXTURES])(
    '%s: same answer for any chunking, bytes or strings',
    async (name) => {
      const text = fixture(name);
      const { wanted } = expectedFromFullParse(text);
      const whole = await lookupIndexMany(bytes(text), wanted);
      for (const source of [
        bytes(text, 1),
        bytes(text, 2),
        bytes(text, 64),
        unevenBytes(text, 11),
        unevenBytes(text, 12345),
        strings(text, 1),
        strings(text, 5),
      ]) {
        expect(await lookupIndexMany(source, wanted)).toEqual(whole);
      }
    },
  );

  it('joins UTF-8 characters split between chunks', async () => {
    const text = fixture('tricky.yaml');
    for (const size of [1, 2, 3]) {
      const found = await lookupIndex(bytes(text, size), 'unicode-ü', '1.0.0');
      expect(found.entry).toEqual({
        name: 'unicode-ü',
        version: '1.0.0',
        digest: 'c0c0',
        urls: ['charts/ü-1.0.0.tgz'],
      });
    }
  });

  it('reads CRLF line endings and a byte order mark', async () => {
    for (const name of BLOCK_FIXTURES) {
      const text = fixture(name);
      const { wanted } = expectedFromFullParse(text);
      const windows = `\uFEFF${text.replace(/\n/g, '\r\n')}`;
      const expected = await lookupIndexMany(bytes(text), wanted);
      expect(await lookupIndexMany(bytes(windows, 3), wanted), name).toEqual(expected);
    }
    // Only tricky.yaml (a flow list over two lines), once per line-break style.
    expect(fullParse).toHaveBeenCalledTimes(2);
  });

  it('reads a last line without a line break', async () => {
    const text = 'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    digest: dd';
    expect((await lookupText(text, 'a', '1.0.0')).entry?.digest).toBe('dd');
  });
});
