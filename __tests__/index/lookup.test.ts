import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { lookupInText } from '../../src/index/full-parse.js';
import {
  IndexFormatError,
  indexEntryKey,
  lookupIndex,
  lookupIndexMany,
  type IndexEntry,
  type IndexLookupMany,
  type WantedVersion,
} from '../../src/index/lookup.js';

// Spy on the full parse, to tell which path answered.
vi.mock('../../src/index/full-parse.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/index/full-parse.js')>();
  return { ...actual, lookupInText: vi.fn(actual.lookupInText) };
});
const fullParse = vi.mocked(lookupInText);
beforeEach(() => {
  fullParse.mockClear();
});

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/index');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');

/** Block-style fixtures: the streaming reader answers these alone. */
const BLOCK_FIXTURES = [
  'helm-v3.18.0.yaml',
  'helm-v4.1.4.yaml',
  'chartmuseum.yaml',
  'goyaml-v3.yaml',
  'tricky.yaml',
];
/** Fixtures only a full parse reads. */
const FULL_PARSE_FIXTURES = ['helm-v4.1.4.json', 'flow.yaml', 'anchors.yaml'];

/** An async stream of the given chunks, as an HTTP response body is. */
async function* stream<T>(chunks: Iterable<T>): AsyncGenerator<T> {
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
const bytes = (text: string, size = Number.MAX_SAFE_INTEGER): AsyncGenerator<Uint8Array> =>
  stream(slices(Buffer.from(text, 'utf8'), () => size));

/** Chunk sizes that differ from one chunk to the next, from a fixed seed. */
function unevenBytes(text: string, seed: number): AsyncGenerator<Uint8Array> {
  let state = seed;
  return stream(
    slices(Buffer.from(text, 'utf8'), () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return 1 + (state % 97);
    }),
  );
}

function strings(text: string, size: number): AsyncGenerator<string> {
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += size) chunks.push(text.slice(at, at + size));
  return stream(chunks);
}

const lookupText = (text: string, chart: string, version: string) =>
  lookupIndex(bytes(text), chart, version);

async function formatError(promise: Promise<unknown>): Promise<IndexFormatError> {
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
function expectedFromFullParse(text: string): {
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

describe('YAML corners in block style', () => {
  const tricky = fixture('tricky.yaml');

  it.each([
    ['quoted.chart', '1.0', 'a1a1'], // double-quoted chart name and version
    ['single quoted', '2.0.0', 'b2b2'], // single quotes, version after urls
    ['escaped', '3.0.0', 'c3c3'], // escape in a quoted chart name; a flow-style item
    ['decimals', '1.10', 'd110'], // not the number 1.1
    ['decimals', '1.1', 'd11'], // digest first
    ['blocks', '1.0.0', 'e1e1'], // after block scalars holding "version: 9.9.9"
    ['blocks', '2.0.0', 'e2e2'], // multi-line double-quoted string before
    ['blocks', '3.0.0', 'e3e3'], // after a column-0 comment and a `|+` block
    ['plus', '1.0.0+build.5', 'f1f1'],
    ['flowchart', '0.1.0', 'a0a0'], // the chart's list in flow style over two lines
  ])('%s %s', async (chart, version, digest) => {
    const found = await lookupText(tricky, chart, version);
    expect(found.entry?.version).toBe(version);
    expect(found.entry?.digest).toBe(digest);
    expect(found.apiVersion).toBe('v1');
    expect(found.contextPath).toBe('/early');
  });

  it.each([
    ['blocks', '9.9.9'],
    ['blocks', '8.8.8'],
    ['blocks', '7.7.7'],
    ['continued', '1.0.0'],
    // A plain scalar continued on the next line: "1.0.0 plus more", not SemVer, so Helm drops it.
    ['continued', '1.0.0 plus more'],
    ['decimals', '1.10.0'],
  ])('does not find %s %s, which only appears inside other values', async (chart, version) => {
    const found = await lookupText(tricky, chart, version);
    expect(found.chartFound).toBe(true);
    expect(found.entry).toBeUndefined();
  });

  it('counts versions, including empty and null lists', async () => {
    const found = await lookupIndexMany(bytes(tricky), [
      { chart: 'blocks', version: 'x' },
      { chart: 'empty', version: 'x' },
      { chart: 'nulled', version: 'x' },
      { chart: 'absent', version: 'x' },
    ]);
    expect(Object.fromEntries(found.versionsOfChart)).toEqual({ blocks: 3, empty: 0, nulled: 0 });
  });

  it('finds items indented under their chart (go-yaml v3 layout)', async () => {
    const found = await lookupText(fixture('goyaml-v3.yaml'), 'alpine', '0.1.0');
    expect(found).toMatchObject({ versionsOfChart: 2, chartFound: true });
    expect(found.entry).toEqual({
      name: 'alpine',
      version: '0.1.0',
      appVersion: '3.18',
      created: '2024-01-09T08:00:00Z',
      digest: '5b7d9f1c3e5a7b9d1f3c5e7a9b1d3f5c7e9a1b3d5f7c9e1a3b5d7f9c1e3a5b7d',
      urls: ['https://charts.example.org/alpine-0.1.0.tgz'],
    });
    expect(found.contextPath).toBeUndefined();
  });

  it('reads serverInfo.contextPath after the entries (ChartMuseum)', async () => {
    const found = await lookupText(fixture('chartmuseum.yaml'), 'redis', '18.6.1');
    expect(found.contextPath).toBe('/helm/v1');
    expect(found.entry?.urls).toEqual(['charts/redis-18.6.1.tgz']);
  });

  it('takes the first of duplicated versions, as Helm does', async () => {
    const text =
      'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    digest: first\n  - name: a\n    version: 1.0.0\n    digest: second\n';
    const found = await lookupText(text, 'a', '1.0.0');
    expect(found).toMatchObject({ versionsOfChart: 2, entry: { digest: 'first', name: 'a' } });
  });

  it('refuses list items that are not mappings, as Helm does', async () => {
    const text = 'apiVersion: v1\nentries:\n  a:\n  - just text\n  - name: a\n    version: 1.0.0\n';
    const error = await formatError(lookupText(text, 'a', '1.0.0'));
    expect(error.message).toMatch(/invalid for Helm: a version of `a` is not a mapping/);
  });

  it('reads only the first document of a stream, as Helm does', async () => {
    const text =
      'apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    digest: one\n---\nentries:\n  b: []\n';
    const found = await lookupIndexMany(bytes(text), [
      { chart: 'a', version: '1.0.0' },
      { chart: 'b', version: '1.0.0' },
    ]);
    expect(found.entries.get('a@1.0.0')?.digest).toBe('one');
    expect(found.versionsOfChart.has('b')).toBe(false);
    expect(fullParse).not.toHaveBeenCalled();
  });

  it('treats an index without versions as empty', async () => {
    for (const text of [
      'apiVersion: v1\nentries: {}\n',
      'apiVersion: v1\nentries:\n',
      'apiVersion: v1\nentries: ~\ngenerated: "2024-01-01T00:00:00Z"\n',
      'apiVersion: v1\n',
    ]) {
      expect(await lookupText(text, 'a', '1.0.0')).toEqual(
        expect.objectContaining({ chartFound: false, versionsOfChart: 0 }),
      );
    }
    expect(fullParse).not.toHaveBeenCalled();
  });

  it('accepts keys in any order and quoted top-level keys', async () => {
    const text = [
      '"serverInfo":',
      "  'contextPath': /ctx",
      'entries:',
      '  a:',
      '  - urls: [a.tgz]',
      '    digest: d1',
      '    created: 2024-01-01T00:00:00Z',
      "    appVersion: '1.10'",
      '    name: a',
      '    version: 1.0.0',
      "'apiVersion': v1",
    ].join('\n');
    expect(await lookupText(text, 'a', '1.0.0')).toEqual({
      apiVersion: 'v1',
      contextPath: '/ctx',
      chartFound: true,
      versionsOfChart: 1,
      entry: {
        name: 'a',
        version: '1.0.0',
        appVersion: '1.10',
        digest: 'd1',
        created: '2024-01-01T00:00:00Z',
        urls: ['a.tgz'],
      },
    });
    expect(fullParse).not.toHaveBeenCalled();
  });
});

describe('documents left to a full parse', () => {
  it('reads flow style and JSON', async () => {
    const flow = await lookupText(fixture('flow.yaml'), 'a', '1.10');
    expect(flow).toMatchObject({
      contextPath: '/flow',
      versionsOfChart: 2,
      entry: { digest: 'd2' },
    });
    const json = await lookupText(fixture('helm-v4.1.4.json'), 'webapp', '1.0.0');
    expect(json.entry).toMatchObject({ appVersion: '1.10', urls: ['webapp-1.0.0.tgz'] });
    expect(fullParse).toHaveBeenCalledTimes(2);
  });

  it('reads a JSON index written on one line, with numbers as written', async () => {
    const text = JSON.stringify({ apiVersion: 'v1', entries: {} }).replace(
      '{}',
      '{"a":[{"name":"a","version":"1.0.0","appVersion":"1.10","digest":"dd","urls":["a.tgz"]}]}',
    );
    const found = await lookupIndex(bytes(text, 10), 'a', '1.0.0', { keepForFullParseBytes: 0 });
    expect(found.entry).toMatchObject({ appVersion: '1.10', digest: 'dd' });
    // A JSON number where Helm expects text refuses the index, as Helm's json.Unmarshal does.
    const numeric = text.replace('"1.10"', '1.10');
    const error = await formatError(lookupIndex(bytes(numeric, 10), 'a', '1.0.0'));
    expect(error.message).toMatch(/`1.10` \(a number\) where Helm expects text/);
  });

  it('applies merge keys and anchors across versions', async () => {
    const found = await lookupText(fixture('anchors.yaml'), 'base', '3.0.0');
    expect(found.entry).toEqual({
      name: 'base',
      version: '3.0.0',
      digest: 'aaaa',
      urls: ['base-1.0.0.tgz'],
    });
  });

  it.each([
    [
      'a directive',
      '%YAML 1.2\n---\napiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 1.0.0\n    digest: d\n',
    ],
    [
      'an indented document',
      '  apiVersion: v1\n  entries:\n    a:\n    - name: a\n      version: 1.0.0\n      digest: d\n',
    ],
    [
      'entries in flow style',
      'apiVersion: v1\nentries: {a: [{name: a, version: 1.0.0, digest: d}]}\n',
    ],
  ])('%s', async (_what, text) => {
    expect((await lookupText(text, 'a', '1.0.0')).entry?.digest).toBe('d');
    expect(fullParse).toHaveBeenCalledTimes(1);
  });

  it('reads lone CR line breaks on the streaming path', async () => {
    const text = 'apiVersion: v1\rentries:\r  a:\r  - name: a\r    version: 1.0.0\r    digest: d\r';
    expect((await lookupText(text, 'a', '1.0.0')).entry?.digest).toBe('d');
  });

  it('refuses a chart listed twice, as Helm does (key already set in map)', async () => {
    const text =
      'apiVersion: v1\nentries:\n  a: []\n  a:\n  - name: a\n    version: 1.0.0\n    digest: d\n';
    const error = await formatError(lookupText(text, 'a', '1.0.0'));
    expect(error.message).toMatch(/invalid for Helm: chart `a` is listed twice .*, line 4$/);
  });

  it('refuses a full parse of a large block index rather than guess', async () => {
    const big = `apiVersion: v1\nentries:\n  a:\n  - name: a\n    version: 0.0.1\n    digest: x\n${'  # padding\n'.repeat(50)}  b:\n  - &x {name: c, version: 1.0.0}\n  c:\n  - <<: *x\n    digest: d\n`;
    const error = await formatError(
      lookupIndex(bytes(big, 16), 'c', '1.0.0', { keepForFullParseBytes: 64 }),
    );
    expect(error.kind).toBe('unsupported');
    expect(error.message).toMatch(/alias/);
    // With room to keep the document, the same index is read in full.
    expect((await lookupIndex(bytes(big, 16), 'c', '1.0.0')).entry?.digest).toBe('d');
  });
});

describe('errors', () => {
  it.each([
    '<!DOCTYPE html>\n<html><body>Sign in</body></html>\n',
    '\uFEFF  \n\n  <html lang="en">\n<head><title>Login</title></head>\n',
    '<!doctype HTML><html><body>minified, no line break</body></html>',
  ])('an HTML page: %j', async (text) => {
    const error = await formatError(lookupText(text, 'a', '1.0.0'));
    expect(error.kind).toBe('html');
    expect(error.message).toBe('expected YAML, got an HTML page (a login page?)');
  });

  it('stops reading the stream at an HTML page', async () => {
    let chunksRead = 0;
    let closed = false;
    async function* page(): AsyncGenerator<string> {
      try {
        yield await Promise.resolve('<!DOCTYPE html>\n');
        for (;;) {
          chunksRead++;
          yield '<p>more</p>\n';
        }
      } finally {
        closed = true;
      }
    }
    expect((await formatError(lookupIndex(page(), 'a', '1.0.0'))).kind).toBe('html');
    expect(closed).toBe(true);
    expect(chunksRead).toBeLessThan(2);
  });

  it.each([
    // Helm's own refusals (helm/helm pkg/repo/index.go loadIndex), each with its reason.
    ['', /invalid for Helm: the document is empty/],
    ['# just a comment\n\n', /invalid for Helm: the document is empty/],
    ['Unauthorized\n', /got the text "Unauthorized"/],
    ['- a\n- b\n', /got a list/],
    ['{"errors":[{"code":"DENIED"}]}', /invalid for Helm: unknown top-level field `errors`/],
    ['apiVersion: v1\ngenerated: x\n', /`generated` is "x", not an RFC 3339 time, line 2$/],
    ['apiVersion: v1\nentries:\n- a\n', /`entries` is not a mapping/],
    ['apiVersion: v1\nentries:\n  a: {version: 1.0.0}\n', /`entries.a` is not a list/],
    [
      'apiVersion: v1\nentries:\n  a:\n  - version: 1.0.0\n    digest: [unclosed\n  b: []\n',
      /invalid for Helm: a YAML error .*, line 6$/,
    ],
    [
      'apiVersion: v1\nentries:\n  a:\n  - &x {version: 1.0.0}\n  - *y\n',
      /invalid for Helm: a YAML error .*alias/i,
    ],
    [
      '\0\x01binary',
      /invalid for Helm: a control character \(NUL\), which YAML does not allow, line 1$/,
    ],
  ])('not an index: %j', async (text, message) => {
    const error = await formatError(lookupText(text, 'a', '1.0.0'));
    expect(error.kind).toBe('invalid');
    expect(error.message).toMatch(message);
  });

  it('reports a YAML error in a wanted version with its line, even for a large index', async () => {
    const text = `apiVersion: v1\nentries:\n  other:\n  - version: 1.0.0\n  a:\n  - version: 1.0.0\n    digest: d\n    digest: e\n  - version: 2.0.0\n`;
    const error = await formatError(
      lookupIndex(bytes(text, 8), 'a', '1.0.0', { keepForFullParseBytes: 0 }),
    );
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(
      "the repository's index.yaml is invalid for Helm: a YAML error (Map keys must be unique), line 8",
    );
  });

  it.each([
    ['a quote', 'apiVersion: v1\nentries:\n  a:\n  - version: 1.0.0\n    digest: "abc'],
    ['a JSON document', '{"apiVersion":"v1","entries":{"a":[{"version":"1.0.0","digest":"ab'],
    ['a flow mapping', 'apiVersion: v1\nentries: {a: [{version: 1.0.0, digest: ab'],
  ])('a document cut short in %s', async (_what, text) => {
    for (const keep of [undefined, 0]) {
      const error = await formatError(
        lookupIndex(bytes(text, 4), 'a', '1.0.0', { keepForFullParseBytes: keep }),
      );
      expect(error.kind).toBe('truncated');
      expect(error.message).toMatch(/cut short/);
    }
  });

  it('passes on errors of the stream itself', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield await Promise.resolve('apiVersion: v1\nentries:\n');
      throw new Error('socket hang up');
    }
    await expect(lookupIndex(failing(), 'a', '1.0.0')).rejects.toThrow('socket hang up');
  });
});

describe('lookupIndexMany', () => {
  it('finds several charts and versions in one pass', async () => {
    const found = await lookupIndexMany(bytes(fixture('chartmuseum.yaml'), 100), [
      { chart: 'nginx', version: '15.4.0' },
      { chart: 'nginx', version: '15.3.0' },
      { chart: 'nginx', version: '15.3.0' },
      { chart: 'redis', version: '18.6.1' },
      { chart: 'redis', version: '0.0.1' },
      { chart: 'postgres', version: '1.0.0' },
    ]);
    expect([...found.entries.keys()].sort()).toEqual([
      'nginx@15.3.0',
      'nginx@15.4.0',
      'redis@18.6.1',
    ]);
    expect(found.entries.get('nginx@15.3.0')?.appVersion).toBe('1.25.2');
    expect(Object.fromEntries(found.versionsOfChart)).toEqual({ nginx: 2, redis: 1 });
    expect(found).toMatchObject({ apiVersion: 'v1', contextPath: '/helm/v1' });
  });
});

describe('a large index', () => {
  /** A go-yaml style index, generated while it is read and never held whole. */
  function* generatedIndex(charts: number, versions: number): Generator<string> {
    yield 'apiVersion: v1\nentries:\n';
    for (let c = 0; c < charts; c++) {
      const name = `chart-${c}`;
      let out = `  ${name}:\n`;
      for (let v = 0; v < versions; v++) {
        out +=
          `  - apiVersion: v2\n    created: "2024-01-01T00:00:00Z"\n    description: |\n` +
          `      ${name} release 1.${v}.0\n      version: 9.9.9\n` +
          `    digest: ${c}-${v}\n    name: ${name}\n    urls:\n    - ${name}-1.${v}.0.tgz\n    version: 1.${v}.0\n`;
      }
      yield out;
    }
    yield 'generated: "2024-01-01T00:00:00Z"\nserverInfo:\n  contextPath: /big\n';
  }

  it('is read by the streaming reader alone, keeping nothing for a full parse', async () => {
    const found = await lookupIndexMany(
      stream(generatedIndex(400, 50)),
      [
        { chart: 'chart-0', version: '1.0.0' },
        { chart: 'chart-217', version: '1.10.0' },
        { chart: 'chart-399', version: '1.49.0' },
        { chart: 'chart-217', version: '9.9.9' },
      ],
      { keepForFullParseBytes: 0 },
    );
    expect(found.entries.get('chart-217@1.10.0')?.digest).toBe('217-10');
    expect(found.entries.get('chart-399@1.49.0')?.urls).toEqual(['chart-399-1.49.0.tgz']);
    expect(found.entries.has('chart-217@9.9.9')).toBe(false);
    expect(found.versionsOfChart.get('chart-217')).toBe(50);
    expect(found.contextPath).toBe('/big');
    expect(fullParse).not.toHaveBeenCalled();
  });
});

describe('aliases', () => {
  it('reads one anchor aliased 150 times, as Helm does (no "Excessive alias count")', async () => {
    const items = Array.from(
      { length: 150 },
      (_, n) => `  - name: a\n    version: 1.0.${n + 1}\n    maintainers: *m\n`,
    ).join('');
    const first = '  - name: a\n    version: 1.0.0\n    maintainers: &m\n    - name: x\n';
    const text = `apiVersion: v1\nentries:\n  a:\n${first}${items}`;
    const found = await lookupIndex(bytes(text), 'a', '1.0.150');
    expect(found.entry?.version).toBe('1.0.150');
  });
});
