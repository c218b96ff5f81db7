import { describe, expect, it } from 'vitest';
import { fullParse } from './full-parse-spy.js';
import { lookupIndex, lookupIndexMany } from '../../src/index/lookup.js';
import { fixture, stream, bytes, lookupText, formatError } from './lookup-helpers.js';

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
