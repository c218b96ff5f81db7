import { describe, expect, it } from 'vitest';
import { fullParse } from './full-parse-spy.js';
import { lookupIndex, lookupIndexMany } from '../../src/index/lookup.js';
import { fixture, bytes, lookupText, formatError } from './lookup-helpers.js';

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
    expect(error.message).toMatch(/alias|merge key/);
    // With room to keep the document, the same index is read in full.
    expect((await lookupIndex(bytes(big, 16), 'c', '1.0.0')).entry?.digest).toBe('d');
  });
});
