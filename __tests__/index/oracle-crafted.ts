// Hand-written index shapes, one per way the reader and Helm could part ways (issue points 1-7
// and the strict-decode rules of helm/helm pkg/repo/index.go loadIndex). Each is checked against
// real Helm by oracle.test.ts, so the expectation is always Helm's, never written here.
import type { WantedVersion } from '../../src/index/lookup.js';

export interface Crafted {
  name: string;
  text: string;
  ask?: WantedVersion[];
}

const version = (chart: string, v: string, extra = ''): string =>
  `  - name: ${chart}\n    version: ${v}\n    digest: d-${chart}-${v}\n    urls: [${chart}-${v}.tgz]\n${extra}`;
const index = (entries: string, head = 'apiVersion: v1\n'): string => `${head}entries:\n${entries}`;
/** Chart a at 1.0.0 with `fields` added to its version. */
const withFields = (name: string, fields: string): Crafted => ({
  name,
  text: index(`  a:\n${version('a', '1.0.0', fields)}`),
});
/** Chart a at version `v` alone, asked for as `asked`. */
const oneVersion = (name: string, v: string, ...asked: [string, string][]): Crafted => ({
  name,
  text: index(`  a:\n${version('a', v)}`),
  ask: ask(...asked),
});
const two = `  a:\n${version('a', '1.0.0')}  b:\n${version('b', '2.0.0')}`;
const ask = (...pairs: [string, string][]): WantedVersion[] =>
  pairs.map(([chart, v]) => ({ chart, version: v }));

const sharedMaintainers = (count: number): string => {
  let text = 'apiVersion: v1\nentries:\n';
  for (let i = 0; i < count; i++) {
    text += `  c${i}:\n  - name: c${i}\n    version: 1.0.${i}\n    urls: [c${i}.tgz]\n`;
    text += i === 0 ? '    maintainers: &m\n    - name: someone\n' : '    maintainers: *m\n';
  }
  return text;
};

export const CRAFTED: Crafted[] = [
  // 1, 2: quoted descriptions whose continuation lines look like entries.
  {
    name: 'double-quoted description with entry-like continuation lines',
    text: index(
      `  a:\n  - name: a\n    version: 1.0.0\n    description: "starts here\n  ghost:\n  - name: ghost\n    version: 9.9.9\n    urls: [inside-the-string.tgz]\n    ends"\n    urls: [a-1.0.0.tgz]\n    digest: real\n`,
    ),
    ask: ask(['a', '1.0.0'], ['ghost', '9.9.9'], ['a', '9.9.9']),
  },
  {
    name: 'single-quoted description continued at column 0',
    text: index(
      `  a:\n  - name: a\n    version: 1.0.0\n    description: 'it''s\nnot: an entry\n- nor: this\n  more'\n    urls: [a.tgz]\n`,
    ),
    ask: ask(['a', '1.0.0'], ['not', '1.0.0']),
  },
  {
    name: 'double-quoted continuation at column 0 in a chart nobody asked for',
    text: index(`  z:\n  - name: z\n    version: 1.0.0\n    description: "x\nentries: y"\n${two}`),
    ask: ask(['a', '1.0.0'], ['b', '2.0.0']),
  },
  {
    name: 'plain scalar continued on the next line',
    text: index(
      `  a:\n  - name: a\n    version: 1.0.0\n    description: one\n      two: three\n    urls: [a.tgz]\n`,
    ),
  },
  // 3: aliases.
  { name: 'one anchor aliased 150 times', text: sharedMaintainers(150) },
  {
    name: 'merge keys between versions',
    text: index(
      `  a:\n  - &v\n    name: a\n    version: 1.0.0\n    urls: [a.tgz]\n  - <<: *v\n    version: 2.0.0\n`,
    ),
  },
  // 4: line breaks.
  { name: 'CRLF line breaks', text: index(two).replaceAll('\n', '\r\n') },
  { name: 'lone CR line breaks', text: index(two).replaceAll('\n', '\r') },
  { name: 'a lone CR near the end', text: `${index(two).slice(0, -1)}\r` },
  { name: 'byte order mark', text: `\uFEFF${index(two)}` },
  // 5: damaged indexes.
  { name: 'duplicate chart keys', text: index(`${two}  a:\n${version('a', '3.0.0')}`) },
  {
    name: 'duplicate chart keys in charts nobody asked for',
    text: index(`${two}  z:\n${version('z', '1.0.0')}  z:\n${version('z', '2.0.0')}`),
  },
  {
    name: 'unterminated double quote in another chart',
    text: index(`${two}  z:\n  - name: z\n    version: 1.0.0\n    description: "never ends\n`),
  },
  {
    name: 'bad indentation in another chart',
    text: index(`${two}  z:\n  - name: z\n      version: 1.0.0\n   digest: x\n`),
  },
  { name: 'invalid UTF-8 in another chart', text: `${index(two)}  z:\n  - name: z\x00\n` },
  {
    name: 'NUL byte in another chart',
    text: `${index(two)}  z:\n  - name: "z\u0000"\n    version: 1.0.0\n`,
  },
  {
    name: 'C1 control character',
    text: `${index(two)}  z:\n  - name: z\u0085y\u0090\n    version: 1.0.0\n`,
  },
  { name: 'tab indentation', text: index(`  a:\n  - name: a\n\tversion: 1.0.0\n`) },
  { name: 'truncated in the middle of a version', text: index(two).slice(0, -12) },
  // 6: entries Helm drops or refuses.
  {
    name: 'entry without a name',
    text: index(`  a:\n  - version: 1.0.0\n    urls: [a.tgz]\n${version('a', '2.0.0')}`),
    ask: ask(['a', '1.0.0']),
  },
  {
    name: 'non-SemVer version',
    text: index(`  a:\n${version('a', 'latest')}${version('a', '1.0.0')}`),
    ask: ask(['a', 'latest']),
  },
  {
    name: 'versions Masterminds semver accepts',
    text: index(
      `  a:\n${version('a', 'v1.2')}${version('a', '"1"')}${version('a', '1.0.0-rc.1+b.2')}${version('a', '01.2.3')}`,
    ),
    ask: ask(['a', 'v1.2'], ['a', '1'], ['a', '1.0.0-rc.1+b.2'], ['a', '01.2.3']),
  },
  oneVersion('unquoted version 1.10', '1.10', ['a', '1.10'], ['a', '1.1']),
  oneVersion('unquoted integer version', '1', ['a', '1']),
  withFields('unquoted appVersion 1.10', '    appVersion: 1.10\n'),
  withFields('boolean appVersion', '    appVersion: yes\n'),
  withFields('quoted appVersion', '    appVersion: "1.10"\n'),
  {
    name: 'numeric digest',
    text: index(`  a:\n  - name: a\n    version: 1.0.0\n    digest: 1234\n    urls: [a.tgz]\n`),
  },
  withFields('unknown field in a version', '    colour: blue\n'),
  {
    name: 'unknown field in a chart nobody asked for',
    text: index(`${two}  z:\n${version('z', '1.0.0', '    colour: blue\n')}`),
  },
  {
    name: 'field names in another case',
    text: index(
      `  a:\n  - Name: a\n    VERSION: 1.0.0\n    Digest: dd\n    URLs: [a.tgz]\n    appversion: "2"\n`,
    ),
  },
  { name: 'unknown top-level field', text: `${index(two)}colour: blue\n` },
  { name: 'missing apiVersion', text: index(two, '') },
  { name: 'empty apiVersion', text: index(two, 'apiVersion: ""\n') },
  { name: 'numeric apiVersion', text: index(two, 'apiVersion: 1\n') },
  withFields('unquoted created time', '    created: 2024-01-02T03:04:05Z\n'),
  withFields('created that is not a time', '    created: "yesterday"\n'),
  withFields('created with an offset', '    created: "2024-01-02T03:04:05.123+02:00"\n'),
  { name: 'generated that is not a time', text: `${index(two)}generated: soon\n` },
  {
    name: 'bad chart type',
    text: index(
      `  a:\n${version('a', '1.0.0', '    type: plugin\n')}${version('a', '2.0.0', '    type: library\n')}`,
    ),
    ask: ask(['a', '1.0.0']),
  },
  {
    name: 'bad dependency alias',
    text: index(
      `  a:\n${version('a', '1.0.0', '    dependencies:\n    - name: x\n      alias: "bad alias!"\n')}${version('a', '2.0.0')}`,
    ),
    ask: ask(['a', '1.0.0']),
  },
  {
    name: 'name with a slash',
    text: index(`  a/b:\n${version('a/b', '1.0.0')}${two}`),
    ask: ask(['a/b', '1.0.0']),
  },
  { name: 'null version item', text: index(`  a:\n  -\n${version('a', '1.0.0')}`) },
  {
    name: 'version item that is a string',
    text: index(`  a:\n  - just text\n${version('a', '1.0.0')}`),
  },
  withFields('deprecated as text', '    deprecated: "true"\n'),
  withFields('deprecated as boolean', '    deprecated: true\n'),
  withFields('annotations with a number', '    annotations:\n      count: 3\n'),
  withFields('numeric keyword', '    keywords: [web, 42]\n'),
  {
    name: 'duplicate versions of one chart',
    text: index(
      `  a:\n${version('a', '1.0.0', '    appVersion: first\n')}${version('a', '1.0.0', '    appVersion: second\n')}`,
    ),
  },
  oneVersion(
    'version with surrounding spaces in quotes',
    '" 1.0.0"',
    ['a', ' 1.0.0'],
    ['a', '1.0.0'],
  ),
  {
    name: 'name differs from the chart key',
    text: index(`  a:\n${version('b', '1.0.0')}`),
    ask: ask(['a', '1.0.0']),
  },
  // 7: chart keys.
  {
    name: 'null chart key',
    text: index(`  ~:\n${version('x', '1.0.0')}${two}`),
    ask: ask(['~', '1.0.0'], ['', '1.0.0']),
  },
  {
    name: 'numeric chart key',
    text: index(`  1.10:\n${version('1.10', '1.0.0')}`),
    ask: ask(['1.10', '1.0.0'], ['1.1', '1.0.0']),
  },
  {
    name: 'quoted chart keys',
    text: index(`  "a":\n${version('a', '1.0.0')}  'b':\n${version('b', '2.0.0')}`),
  },
  // Document-level shapes.
  { name: 'empty entries', text: 'apiVersion: v1\nentries: {}\n' },
  { name: 'null entries', text: 'apiVersion: v1\nentries:\n' },
  { name: 'no entries', text: 'apiVersion: v1\n' },
  {
    name: 'empty version list',
    text: index(`  a: []\n${two.slice(0)}`.replace('  a:\n', '  c:\n')),
  },
  {
    name: 'a second document',
    text: `${index(two)}---\napiVersion: v1\nentries:\n  c:\n${version('c', '1.0.0')}`,
  },
  { name: 'document end marker', text: `${index(two)}...\n` },
  { name: 'document start marker', text: `---\n${index(two)}` },
  {
    name: 'comments everywhere',
    text: `# top\napiVersion: v1 # c\nentries: # c\n  # c\n  a: # c\n  # c\n  - name: a # c\n    version: 1.0.0 # c\n# c\n    urls: [a.tgz] # c\n`,
  },
  {
    name: 'block scalar holding entry-like lines',
    text: index(
      `  a:\n  - name: a\n    description: |\n      b:\n      - name: b\n        version: 2.0.0\n    version: 1.0.0\n`,
    ),
    ask: ask(['b', '2.0.0']),
  },
  {
    name: 'flow-style document',
    text: '{apiVersion: v1, entries: {a: [{name: a, version: 1.0.0, urls: [a.tgz]}]}}\n',
  },
  {
    name: 'JSON document',
    text: JSON.stringify({
      apiVersion: 'v1',
      entries: { a: [{ name: 'a', version: '1.0.0', urls: ['a.tgz'], digest: 'dd' }] },
    }),
  },
  {
    name: 'JSON with an unknown field',
    text: JSON.stringify({
      apiVersion: 'v1',
      entries: { a: [{ name: 'a', version: '1.0.0', colour: 'blue' }] },
    }),
  },
  {
    name: 'JSON with a numeric version',
    text: '{"apiVersion":"v1","entries":{"a":[{"name":"a","version":1.1}]}}',
  },
  {
    name: 'JSON with duplicate chart keys',
    text: '{"apiVersion":"v1","entries":{"a":[{"name":"a","version":"1.0.0"}],"a":[{"name":"a","version":"2.0.0"}]}}',
  },
  {
    name: 'JSON with a null version item',
    text: '{"apiVersion":"v1","entries":{"a":[null,{"name":"a","version":"1.0.0"}]}}',
  },
  { name: 'HTML page', text: '<!DOCTYPE html>\n<html><body>login</body></html>\n' },
  { name: 'empty file', text: '' },
  {
    name: 'serverInfo with contextPath',
    text: `serverInfo:\n  contextPath: /helm/v1\n${index(two)}`,
  },
  {
    name: 'indented lists (go-yaml v3 layout) with unicode',
    text: index(
      `    ü:\n        - name: ü\n          version: 1.0.0\n          description: "日本語 ✓"\n          urls:\n              - ü.tgz\n`,
    ),
  },
];
