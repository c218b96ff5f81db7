import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { makeChartTgz, writeChartDir } from '../../test/support/chart-fixtures.js';
import { compareVersions } from '../../test/support/chart-server/chart-archive.js';
import { goYaml, scalar, type YamlValue } from '../../test/support/chart-server/go-yaml.js';
import {
  readChartMeta,
  startChartServer,
  type ChartServerOptions,
} from '../../test/support/chart-server.js';
import { basic, sha256, start } from './server-harness.js';

interface IndexEntry {
  name: string;
  version: string;
  appVersion?: string;
  apiVersion?: string;
  description?: string;
  digest: string;
  created: string;
  urls: string[];
}
interface IndexFile {
  apiVersion: string;
  entries: Record<string, IndexEntry[]>;
  generated: string;
  serverInfo?: { contextPath?: string };
}

interface UploadOptions {
  query?: string;
  prov?: Buffer;
  auth?: string;
  signal?: AbortSignal;
}

function upload(apiBase: string, tgz: Buffer, options: UploadOptions = {}): Promise<Response> {
  const form = new FormData();
  form.append('chart', new Blob([tgz]), 'chart.tgz');
  if (options.prov !== undefined) form.append('prov', new Blob([options.prov]), 'chart.tgz.prov');
  return fetch(`${apiBase}/charts${options.query ?? ''}`, {
    method: 'POST',
    body: form,
    ...(options.auth !== undefined && { headers: { authorization: options.auth } }),
    ...(options.signal !== undefined && { signal: options.signal }),
  });
}

async function getIndex(repoUrl: string, auth?: string): Promise<IndexFile> {
  const res = await fetch(`${repoUrl}/index.yaml`, {
    ...(auth !== undefined && { headers: { authorization: auth } }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/x-yaml');
  return YAML.parse(await res.text()) as IndexFile;
}

/** A chart archive like makeChartTgz's, minus one file. */
async function tgzWithout(file: string): Promise<Buffer> {
  const dir = await mkdtemp(path.join(tmpdir(), 'broken-chart-'));
  try {
    await writeChartDir(path.join(dir, 'x'), { name: 'x', version: '1.0.0' });
    await rm(path.join(dir, 'x', file));
    await tar.c({ gzip: true, cwd: dir, file: path.join(dir, 'x.tgz') }, ['x']);
    return await readFile(path.join(dir, 'x.tgz'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('contract: Go-style YAML', () => {
  it('writes an entry the way `helm repo index` does', () => {
    // Output of Helm 3.18's `helm repo index` for this Chart.yaml (timestamps fixed).
    const expected = [
      'apiVersion: v1',
      'entries:',
      '  demo:',
      '  - annotations:',
      '      artifacthub.io/changes: |',
      '        - kind: added',
      '          description: x',
      '    apiVersion: v2',
      '    appVersion: "1.0"',
      '    created: "2026-11-25T05:37:28.602362467Z"',
      "    description: 'A chart: with colon # and hash'",
      '    digest: af743d0a550fc2e20556b1e3a9f5abafb2bbf091e53190d0556f09808e080ce1',
      '    keywords:',
      '    - a',
      '    - "yes"',
      '    - "1.5"',
      '    maintainers:',
      '    - email: j@x.io',
      '      name: Jane',
      '    name: demo',
      '    type: application',
      '    urls:',
      '    - demo-1.2.3.tgz',
      '    version: 1.2.3',
      'generated: "2026-11-25T05:37:28.601944608Z"',
      '',
    ].join('\n');
    const doc = YAML.parse(expected) as { [key: string]: YamlValue };
    expect(goYaml(doc)).toBe(expected);
  });

  it.each([
    '1.0',
    'yes',
    'off',
    '~',
    'null',
    '0x1F',
    '1e3',
    '2025-01-01',
    '12:30',
    '',
    ' leading',
    'trailing ',
    'a: b',
    'a #b',
    '#c',
    '- x',
    '-x',
    '[x]',
    '{x}',
    'x, y',
    '*alias',
    '&anchor',
    '!tag',
    '@at',
    '`tick',
    "it's",
    '"q"',
    '%p',
    'tab\there',
    'bell\u0007',
    'line\u2028sep',
    'multi\nline\n',
    'multi\nline',
    'keep\n\n\n',
    '\n\n',
    ' indented\nblock\n',
    'trailing space \nline\n',
    'http://example.com/a-1.0.0.tgz',
    'plain words',
    'ünïcode',
  ])('round-trips %j', (text) => {
    const doc = { key: text, list: [text, { [text || 'k']: text }], [`${text}k`]: [[text]] };
    expect(YAML.parse(goYaml(doc))).toEqual(doc);
    expect(YAML.parse(goYaml(doc), { version: '1.1' })).toEqual(doc);
  });

  it('quotes only what another type could be read from', () => {
    expect(scalar('1.2.3')).toBe('1.2.3');
    expect(scalar('1.2')).toBe('"1.2"');
    expect(scalar('true')).toBe('"true"');
    expect(scalar('a: b')).toBe("'a: b'");
    expect(scalar(3)).toBe('3');
    expect(goYaml({ empty: [], none: {}, x: null, b: false, n: 'n' })).toBe(
      'b: false\nempty: []\n"n": "n"\nnone: {}\nx: null\n',
    );
  });
});

describe('contract: chart archives', () => {
  it('reads Chart.yaml keeping version strings as written', async () => {
    const tgz = await makeChartTgz({ name: 'demo', version: '1.0.0', appVersion: '1.10' });
    const meta = await readChartMeta(tgz);
    expect(meta).toMatchObject({
      name: 'demo',
      version: '1.0.0',
      appVersion: '1.10',
      apiVersion: 'v2',
    });
  });

  it('builds the same bytes for the same spec, files only and sorted', async () => {
    const spec = { name: 'same', version: '0.1.0', extraFiles: { 'templates/a.yaml': 'a: 1\n' } };
    const [a, b] = await Promise.all([makeChartTgz(spec), makeChartTgz(spec)]);
    expect(sha256(a)).toBe(sha256(b));
    const different = await makeChartTgz({ ...spec, appVersion: '2' });
    expect(sha256(different)).not.toBe(sha256(a));
  });

  it('writes an unpacked chart directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'chart-dir-'));
    try {
      await writeChartDir(path.join(dir, 'c'), {
        name: 'c',
        version: '2.0.0',
        description: 'x: y',
        extraFiles: { 'files/a.txt': 'A' },
      });
      const chartYaml: unknown = YAML.parse(
        await readFile(path.join(dir, 'c', 'Chart.yaml'), 'utf8'),
      );
      expect(chartYaml).toEqual({
        apiVersion: 'v2',
        name: 'c',
        version: '2.0.0',
        description: 'x: y',
      });
      expect(await readFile(path.join(dir, 'c', 'files', 'a.txt'), 'utf8')).toBe('A');
      expect(await readFile(path.join(dir, 'c', 'templates', 'cm.yaml'), 'utf8')).toMatch(
        /ConfigMap/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('orders versions by SemVer precedence', () => {
    const versions = ['1.0.0-rc.1', '1.10.0', '1.2.0', '1.0.0', '1.0.0-alpha', '1.0.0-rc.10', 'v2'];
    expect(versions.sort((a, b) => compareVersions(b, a))).toEqual([
      'v2',
      '1.10.0',
      '1.2.0',
      '1.0.0',
      '1.0.0-rc.10',
      '1.0.0-rc.1',
      '1.0.0-alpha',
    ]);
  });
});

describe.each<[string, ChartServerOptions, string, RegExp, RegExp]>([
  [
    'harbor',
    { layout: 'harbor' },
    'team-a',
    /^\/chartrepo\/team-a$/,
    /^\/api\/chartrepo\/team-a\/charts$/,
  ],
  ['chartmuseum', { layout: 'chartmuseum' }, '', /^$/, /^\/api\/charts$/],
  [
    'chartmuseum with a context path',
    { layout: 'chartmuseum', contextPath: '/ctx/' },
    '',
    /^\/ctx$/,
    /^\/ctx\/api\/charts$/,
  ],
  [
    'multitenant',
    { layout: 'multitenant' },
    'org/repo',
    /^\/org\/repo$/,
    /^\/api\/org\/repo\/charts$/,
  ],
  [
    'multitenant depth 1',
    { layout: 'multitenant', depth: 1 },
    'repo',
    /^\/repo$/,
    /^\/api\/repo\/charts$/,
  ],
])('layout %s', (_name, options, ns, repoPathPattern, uploadPathPattern) => {
  it('round-trips upload, index and download with the sha256 digest', async () => {
    const server = await start(options);
    expect(new URL(server.repoUrl(ns)).pathname.replace(/\/$/, '')).toMatch(repoPathPattern);
    const tgz = await makeChartTgz({ name: 'hello', version: '1.2.3', appVersion: '4.5' });
    const res = await upload(server.apiUrl(ns), tgz);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ saved: true });
    expect(server.requests.at(-1)?.path).toMatch(uploadPathPattern);

    const index = await getIndex(server.repoUrl(ns));
    expect(index.apiVersion).toBe('v1');
    const entry = index.entries.hello?.[0];
    expect(entry).toMatchObject({
      name: 'hello',
      version: '1.2.3',
      appVersion: '4.5',
      apiVersion: 'v2',
      digest: sha256(tgz),
      urls: ['charts/hello-1.2.3.tgz'],
    });
    expect(entry?.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    expect(index.generated).toMatch(/Z$/);

    const download = await fetch(new URL(entry?.urls[0] ?? '', `${server.repoUrl(ns)}/`));
    expect(download.status).toBe(200);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(tgz));

    const api = await fetch(`${server.apiUrl(ns)}/charts/hello/1.2.3`);
    const entryJson = { version: '1.2.3', digest: sha256(tgz) };
    // Harbor wraps ChartMuseum's entry (src/chartserver/chart_operator.go ChartVersionDetails).
    expect(await api.json()).toMatchObject(
      options.layout === 'harbor' ? { metadata: entryJson, labels: [] } : entryJson,
    );
    expect(server.charts(ns)).toEqual([
      expect.objectContaining({
        name: 'hello',
        version: '1.2.3',
        digest: sha256(tgz),
        size: tgz.length,
        prov: false,
      }),
    ]);
    expect(server.uploads).toEqual({ [ns]: 1 });
  });
});

describe('contract: index.yaml', () => {
  it('lists versions newest first in Go YAML shape, with the JSON API agreeing', async () => {
    const server = await start({ layout: 'harbor' });
    for (const version of ['1.0.0', '1.10.0', '1.2.0'])
      await server.seed('ns', await makeChartTgz({ name: 'b', version }));
    await server.seed('ns', await makeChartTgz({ name: 'a', version: '0.1.0' }));
    const text = await (await fetch(`${server.repoUrl('ns')}/index.yaml`)).text();
    expect(text).toMatch(/^apiVersion: v1\nentries:\n {2}a:\n {2}- apiVersion: v2\n {4}created: "/);
    expect(text).toMatch(
      /\n {4}urls:\n {4}- charts\/a-0\.1\.0\.tgz\n {4}version: 0\.1\.0\n {2}b:\n/,
    );
    expect(text).toMatch(/\ngenerated: "[^"]+"\n$/);
    const index = YAML.parse(text) as IndexFile;
    expect(index.entries.b?.map((e) => e.version)).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    const list = (await (await fetch(`${server.apiUrl('ns')}/charts/b`)).json()) as IndexEntry[];
    expect(list.map((e) => e.version)).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    expect((await fetch(`${server.apiUrl('ns')}/charts/b/9.9.9`)).status).toBe(404);
    expect((await fetch(`${server.apiUrl('ns')}/charts/zzz`)).status).toBe(404);
  });

  it('answers `entries: {}` for an empty repository', async () => {
    const server = await start({ layout: 'chartmuseum' });
    const text = await (await fetch(`${server.repoUrl()}/index.yaml`)).text();
    expect(text).toMatch(/^apiVersion: v1\nentries: \{\}\ngenerated: "/);
    expect(server.indexSize()).toBe(0); // nothing stored: no namespace yet
  });

  it('gives relative or absolute download URLs', async () => {
    const tgz = await makeChartTgz({ name: 'u', version: '1.0.0' });
    const relative = await start({ layout: 'harbor', urls: 'relative' });
    const absolute = await start({ layout: 'harbor', urls: 'absolute' });
    await relative.seed('ns', tgz);
    await absolute.seed('ns', tgz);
    expect((await getIndex(relative.repoUrl('ns'))).entries.u?.[0]?.urls).toEqual([
      'charts/u-1.0.0.tgz',
    ]);
    const url = (await getIndex(absolute.repoUrl('ns'))).entries.u?.[0]?.urls[0] ?? '';
    expect(url).toBe(`${absolute.url}/chartrepo/ns/charts/u-1.0.0.tgz`);
    expect(sha256(new Uint8Array(await (await fetch(url)).arrayBuffer()))).toBe(sha256(tgz));
  });

  it('puts the context path in serverInfo and serves the API under it only', async () => {
    const server = await start({ layout: 'chartmuseum', contextPath: '/ctx' });
    expect(server.repoUrl()).toBe(`${server.url}/ctx`);
    expect(server.apiUrl()).toBe(`${server.url}/ctx/api`);
    expect((await getIndex(server.repoUrl())).serverInfo).toEqual({ contextPath: '/ctx' });
    const tgz = await makeChartTgz({ name: 'c', version: '1.0.0' });
    expect((await upload(`${server.url}/api`, tgz)).status).toBe(404);
    expect((await upload(server.apiUrl(), tgz)).status).toBe(201);
    expect((await fetch(`${server.url}/index.yaml`)).status).toBe(404);
    const plain = await start({ layout: 'chartmuseum' });
    expect((await getIndex(plain.repoUrl())).serverInfo).toBeUndefined();
  });

  it('shows a pushed version only after indexDelayMs, keeping the replaced one until then', async () => {
    const lagging = await start({ layout: 'harbor', indexDelayMs: 60_000, overwrite: 'silent' });
    const v1 = await makeChartTgz({ name: 'lag', version: '1.0.0' });
    const v1b = await makeChartTgz({ name: 'lag', version: '1.0.0', appVersion: 'b' });
    await lagging.seed('ns', v1);
    expect((await upload(lagging.apiUrl('ns'), v1b)).status).toBe(201);
    expect(
      (await upload(lagging.apiUrl('ns'), await makeChartTgz({ name: 'lag', version: '2.0.0' })))
        .status,
    ).toBe(201);
    const index = await getIndex(lagging.repoUrl('ns'));
    expect(index.entries.lag?.map((e) => [e.version, e.digest])).toEqual([['1.0.0', sha256(v1)]]);
    expect(lagging.charts('ns').map((c) => c.digest)).toContain(sha256(v1b));

    const quick = await start({ layout: 'harbor', indexDelayMs: 200 });
    expect((await upload(quick.apiUrl('ns'), v1)).status).toBe(201);
    let seen: IndexEntry[] | undefined;
    for (let i = 0; i < 100 && seen === undefined; i++) {
      seen = (await getIndex(quick.repoUrl('ns'))).entries.lag;
      if (seen === undefined) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen?.map((e) => e.digest)).toEqual([sha256(v1)]);
  });
});

describe('contract: uploads', () => {
  it('refuses an existing version with 409 unless forced (overwrite: reject)', async () => {
    const server = await start({ layout: 'chartmuseum' });
    const first = await makeChartTgz({ name: 'dup', version: '1.0.0' });
    expect((await upload(server.apiUrl(), first)).status).toBe(201);
    let latest = first;
    for (const [query, status] of [
      ['', 409],
      ['?force=false', 409],
      ['?force', 201],
      ['?force=true', 201],
      ['?force=1', 201],
    ] as const) {
      const next = await makeChartTgz({ name: 'dup', version: '1.0.0', appVersion: query || 'x' });
      const res = await upload(server.apiUrl(), next, { query });
      expect([query, res.status]).toEqual([query, status]);
      if (status === 409) expect(await res.json()).toEqual({ error: 'file already exists' });
      else latest = next;
    }
    expect(server.charts().map((c) => c.digest)).toEqual([sha256(latest)]);
    expect(server.uploads).toEqual({ '': 4 });
  });

  it.each(['silent', 'allow'] as const)(
    'replaces silently with 201 (overwrite: %s)',
    async (mode) => {
      const server = await start({ layout: 'harbor', overwrite: mode });
      const a = await makeChartTgz({ name: 'dup', version: '1.0.0' });
      const b = await makeChartTgz({ name: 'dup', version: '1.0.0', appVersion: 'b' });
      expect((await upload(server.apiUrl('ns'), a)).status).toBe(201);
      expect((await upload(server.apiUrl('ns'), b)).status).toBe(201);
      expect(server.charts('ns').map((c) => c.digest)).toEqual([sha256(b)]);
      expect((await getIndex(server.repoUrl('ns'))).entries.dup?.map((e) => e.digest)).toEqual([
        sha256(b),
      ]);
    },
  );

  it('stores the provenance file and serves it beside the chart', async () => {
    const server = await start({ layout: 'harbor' });
    const tgz = await makeChartTgz({ name: 'signed', version: '1.0.0' });
    const prov = Buffer.from('-----BEGIN PGP SIGNED MESSAGE-----\nfake\n');
    expect((await upload(server.apiUrl('ns'), tgz, { prov })).status).toBe(201);
    expect(server.charts('ns')[0]?.prov).toBe(true);
    const res = await fetch(`${server.repoUrl('ns')}/charts/signed-1.0.0.tgz.prov`);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(prov)).toBe(true);
    const unsigned = await makeChartTgz({ name: 'plain', version: '1.0.0' });
    await upload(server.apiUrl('ns'), unsigned);
    expect((await fetch(`${server.repoUrl('ns')}/charts/plain-1.0.0.tgz.prov`)).status).toBe(404);
  });

  it('takes a raw .tgz body as ChartMuseum does', async () => {
    const server = await start({ layout: 'chartmuseum' });
    const tgz = await makeChartTgz({ name: 'raw', version: '1.0.0' });
    const res = await fetch(`${server.apiUrl()}/charts`, {
      method: 'POST',
      headers: { 'content-type': 'application/gzip' },
      body: tgz,
    });
    expect(res.status).toBe(201);
    expect(server.charts()[0]?.digest).toBe(sha256(tgz));
  });

  it.each<[string, () => Promise<Buffer>, RegExp]>([
    ['not gzip', () => Promise.resolve(Buffer.from('hello')), /not a gzip archive/],
    ['gzip but not tar', () => Promise.resolve(gzipSync('plain text')), /./],
    ['no Chart.yaml', () => tgzWithout('Chart.yaml'), /Chart\.yaml/],
    [
      'a version that is not SemVer',
      () => makeChartTgz({ name: 'x', version: 'one' }),
      /not SemVer/,
    ],
  ])('answers 400 for an invalid chart: %s', async (_name, make, message) => {
    const server = await start({ layout: 'harbor' });
    const res = await upload(server.apiUrl('ns'), await make());
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(message);
    expect(server.charts('ns')).toEqual([]);
    expect(server.uploads).toEqual({});
  });

  it('answers 400 for a form without a chart field', async () => {
    const server = await start({ layout: 'harbor' });
    const form = new FormData();
    form.append('file', new Blob([await makeChartTgz({ name: 'x', version: '1.0.0' })]), 'x.tgz');
    const res = await fetch(`${server.apiUrl('ns')}/charts`, { method: 'POST', body: form });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'no file in form field "chart"' });
  });

  it('deletes a version', async () => {
    const server = await start({ layout: 'harbor' });
    await server.seed('ns', await makeChartTgz({ name: 'del', version: '1.0.0' }));
    const url = `${server.apiUrl('ns')}/charts/del/1.0.0`;
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(404);
    expect(server.charts('ns')).toEqual([]);
  });
});

describe('contract: namespaces', () => {
  it('answers 404 for a namespace outside a fixed list, for index and upload', async () => {
    const server = await start({ layout: 'harbor', namespaces: ['team-a'] });
    const tgz = await makeChartTgz({ name: 'n', version: '1.0.0' });
    expect((await fetch(`${server.repoUrl('nope')}/index.yaml`)).status).toBe(404);
    const res = await upload(server.apiUrl('nope'), tgz);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'no chart repository nope' });
    expect((await upload(server.apiUrl('team-a'), tgz)).status).toBe(201);
    expect(server.charts('nope')).toEqual([]);
  });

  it('without a list, an unknown namespace has an empty index and is created by its first upload', async () => {
    const server = await start({ layout: 'harbor' });
    expect((await getIndex(server.repoUrl('fresh'))).entries).toEqual({});
    expect(server.indexSize('fresh')).toBe(0);
    await upload(server.apiUrl('fresh'), await makeChartTgz({ name: 'n', version: '1.0.0' }));
    expect(server.charts('fresh')).toHaveLength(1);
  });

  it('answers 404 for paths of another depth and 405 for a wrong method', async () => {
    const server = await start({ layout: 'multitenant', depth: 2 });
    expect((await fetch(`${server.url}/only-one/index.yaml`)).status).toBe(404);
    expect((await fetch(`${server.url}/a/b/c/index.yaml`)).status).toBe(404);
    expect(
      (await fetch(`${server.url}/a/b/index.yaml`, { method: 'POST', body: 'x' })).status,
    ).toBe(405);
  });
});

describe('contract: Basic auth', () => {
  const users = { tcr$robot: 'pa:ss', reader: 'r' };

  it('answers 401 with WWW-Authenticate without or with wrong credentials', async () => {
    const server = await start({ layout: 'harbor', users });
    for (const auth of [
      undefined,
      basic('tcr$robot', 'wrong'),
      basic('nobody', 'pa:ss'),
      'Bearer x',
    ]) {
      const res = await fetch(`${server.repoUrl('ns')}/index.yaml`, {
        ...(auth !== undefined && { headers: { authorization: auth } }),
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Basic realm="harbor"');
      expect(await res.json()).toEqual({ error: 'unauthorized' });
    }
    const tgz = await makeChartTgz({ name: 'a', version: '1.0.0' });
    expect((await upload(server.apiUrl('ns'), tgz)).status).toBe(401);
    expect(server.charts('ns')).toEqual([]);
    expect(
      (await upload(server.apiUrl('ns'), tgz, { auth: basic('tcr$robot', 'pa:ss') })).status,
    ).toBe(201);
    await getIndex(server.repoUrl('ns'), basic('tcr$robot', 'pa:ss'));
    expect(server.requests.at(-1)).toMatchObject({ status: 200, user: 'tcr$robot' });
    expect(JSON.stringify(server.requests)).not.toContain('pa:ss');
    expect(JSON.stringify(server.requests)).not.toContain('wrong');
  });

  it('answers 403 to a read-only user on upload and delete, and lets it read', async () => {
    const server = await start({ layout: 'chartmuseum', users, readOnlyUsers: ['reader'] });
    const auth = basic('reader', 'r');
    const tgz = await makeChartTgz({ name: 'a', version: '1.0.0' });
    const res = await upload(server.apiUrl(), tgz, { auth });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'forbidden' });
    const del = await fetch(`${server.apiUrl()}/charts/a/1.0.0`, {
      method: 'DELETE',
      headers: { authorization: auth },
    });
    expect(del.status).toBe(403);
    await getIndex(server.repoUrl(), auth);
  });

  it('with anonymousRead lets GETs through without credentials, but not uploads', async () => {
    const server = await start({ layout: 'chartmuseum', users, anonymousRead: true });
    await getIndex(server.repoUrl());
    const res = await upload(server.apiUrl(), await makeChartTgz({ name: 'a', version: '1.0.0' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="ChartMuseum"');
  });
});

describe('contract: faults', () => {
  const tgz = (version = '1.0.0'): Promise<Buffer> => makeChartTgz({ name: 'f', version });

  it('429 with Retry-After, then normal again; counted', async () => {
    const server = await start({ layout: 'harbor' });
    const fault = server.addFault({ route: 'upload', status: 429, retryAfter: '1' });
    const res = await upload(server.apiUrl('ns'), await tgz());
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(server.charts('ns')).toEqual([]);
    expect((await upload(server.apiUrl('ns'), await tgz())).status).toBe(201);
    expect(fault.hits).toBe(1);
    expect(server.faultHits()).toEqual([1]);
    expect(server.requests.map((r) => [r.status, r.fault])).toEqual([
      [429, fault.id],
      [201, undefined],
    ]);
  });

  it('fires `times` times after `skip`, only on its route and namespace', async () => {
    const server = await start({ layout: 'harbor' });
    server.addFault({ route: 'index', namespace: 'b', status: 503, times: 2, skip: 1 });
    const status = async (ns: string): Promise<number> =>
      (await fetch(`${server.repoUrl(ns)}/index.yaml`)).status;
    expect(await status('a')).toBe(200);
    expect((await upload(server.apiUrl('b'), await tgz())).status).toBe(201);
    expect([await status('b'), await status('b'), await status('b'), await status('b')]).toEqual([
      200, 503, 503, 200,
    ]);
    expect(server.faultHits()).toEqual([2]);
  });

  it('pathEndsWith: fires only on that chart download', async () => {
    const server = await start({ layout: 'harbor' });
    expect((await upload(server.apiUrl('ns'), await tgz('1.0.0'))).status).toBe(201);
    expect((await upload(server.apiUrl('ns'), await tgz('2.0.0'))).status).toBe(201);
    server.addFault({ route: 'download', pathEndsWith: '/f-2.0.0.tgz', status: 500, times: 2 });
    const get = async (file: string): Promise<number> =>
      (await fetch(`${server.repoUrl('ns')}/charts/${file}`)).status;
    expect([await get('f-1.0.0.tgz'), await get('f-2.0.0.tgz'), await get('f-1.0.0.tgz')]).toEqual([
      200, 500, 200,
    ]);
    expect(await get('f-2.0.0.tgz')).toBe(500);
    expect(await get('f-2.0.0.tgz')).toBe(200);
  });

  it('a permanent fault fires until cleared', async () => {
    const server = await start({ layout: 'harbor' });
    server.addFault({ status: 503, times: Infinity });
    for (let i = 0; i < 5; i++)
      expect((await fetch(`${server.repoUrl('ns')}/index.yaml`)).status).toBe(503);
    expect((await upload(server.apiUrl('ns'), await tgz())).status).toBe(503);
    expect(server.faultHits()).toEqual([6]);
    server.clearFaults();
    expect(server.faults).toEqual([]);
    expect((await fetch(`${server.repoUrl('ns')}/index.yaml`)).status).toBe(200);
  });

  it('401 on upload only, with the challenge', async () => {
    const server = await start({ layout: 'harbor', users: { u: 'p' } });
    server.addFault({ route: 'upload', status: 401 });
    await getIndex(server.repoUrl('ns'), basic('u', 'p'));
    const res = await upload(server.apiUrl('ns'), await tgz(), { auth: basic('u', 'p') });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    expect(server.faultHits()).toEqual([1]);
  });

  it('reset mid-upload: no answer, nothing stored', async () => {
    const server = await start({ layout: 'harbor' });
    server.addFault({ route: 'upload', reset: true });
    await expect(upload(server.apiUrl('ns'), await tgz())).rejects.toThrow();
    expect(server.charts('ns')).toEqual([]);
    expect(server.requests.map((r) => r.status)).toEqual([0]);
    expect(server.faultHits()).toEqual([1]);
  });

  it('reset after store: the chart is kept, the answer lost, a retry gets 409', async () => {
    const server = await start({ layout: 'harbor', overwrite: 'reject' });
    server.addFault({ reset: true, afterStore: true });
    const bytes = await tgz();
    await expect(upload(server.apiUrl('ns'), bytes)).rejects.toThrow();
    expect(server.charts('ns').map((c) => c.digest)).toEqual([sha256(bytes)]);
    expect((await upload(server.apiUrl('ns'), bytes)).status).toBe(409);
    expect(server.requests.map((r) => r.status)).toEqual([0, 409]);
    expect(server.faultHits()).toEqual([1]);
  });

  it('reset on the index and on a download', async () => {
    const server = await start({ layout: 'harbor' });
    await server.seed('ns', await tgz());
    server.addFault({ route: 'index', reset: true });
    server.addFault({ route: 'download', reset: true });
    await expect(fetch(`${server.repoUrl('ns')}/index.yaml`)).rejects.toThrow();
    await expect(fetch(`${server.repoUrl('ns')}/charts/f-1.0.0.tgz`)).rejects.toThrow();
    expect((await fetch(`${server.repoUrl('ns')}/charts/f-1.0.0.tgz`)).status).toBe(200);
    expect(server.faultHits()).toEqual([1, 1]);
  });

  it('an answer slower than the client: the client times out and the upload is not stored', async () => {
    const server = await start({ layout: 'harbor' });
    server.addFault({ route: 'upload', delayMs: 1000 });
    await expect(
      upload(server.apiUrl('ns'), await tgz(), { signal: AbortSignal.timeout(100) }),
    ).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 1200));
    expect(server.charts('ns')).toEqual([]);
    expect(server.faultHits()).toEqual([1]);
  });

  it('a delay alone still answers normally to a patient client', async () => {
    const server = await start({ layout: 'harbor' });
    server.addFault({ route: 'index', delayMs: 50 });
    await getIndex(server.repoUrl('ns'));
    expect(server.faultHits()).toEqual([1]);
  });

  it('an HTML sign-in page instead of the index', async () => {
    const server = await start({ layout: 'harbor' });
    server.addFault({ route: 'index', html: true });
    const res = await fetch(`${server.repoUrl('ns')}/index.yaml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toMatch(/^<!DOCTYPE html>/);
    expect(server.faultHits()).toEqual([1]);
  });

  it.each([
    ['truncatedIndex', { truncatedIndex: true }],
    ['invalidIndex', { invalidIndex: true }],
  ])('%s: 200 with YAML that does not parse', async (_name, fault) => {
    const server = await start({ layout: 'harbor' });
    for (const version of ['1.0.0', '1.1.0', '1.2.0']) await server.seed('ns', await tgz(version));
    const active = server.addFault(fault);
    expect(active.route).toBe('index');
    const res = await fetch(`${server.repoUrl('ns')}/index.yaml`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => YAML.parse(text) as unknown).toThrow();
    expect(text.length).toBeLessThan(server.indexSize('ns'));
    expect(server.faultHits()).toEqual([1]);
    // The next request is whole again.
    expect(await getIndex(server.repoUrl('ns'))).toHaveProperty('entries.f');
  });

  it('truncatedIndex cuts a big index about halfway, inside a chart name', async () => {
    const server = await start({ layout: 'harbor' });
    server.seedSyntheticIndex('big', { charts: 40, versionsPerChart: 5 });
    server.addFault({ truncatedIndex: true });
    const text = await (await fetch(`${server.repoUrl('big')}/index.yaml`)).text();
    const size = server.indexSize('big');
    expect(text.length).toBeGreaterThan(size * 0.4);
    expect(text.length).toBeLessThan(size * 0.6);
    expect(text).toMatch(/\n {2}synthet$/);
    expect(() => YAML.parse(text) as unknown).toThrow();
  });

  it('refuses faults whose effects cannot happen on their route', async () => {
    const server = await start();
    expect(() => server.addFault({ route: 'upload', truncatedIndex: true })).toThrow(/route index/);
    expect(() => server.addFault({ route: 'index', reset: true, afterStore: true })).toThrow(
      /afterStore/,
    );
  });
});

describe('contract: latency', () => {
  it('holds every answer back, and close() does not wait for held requests', async () => {
    const server = await startChartServer({ layout: 'harbor', latencyMs: 60_000 });
    const pending = fetch(`${server.repoUrl('ns')}/index.yaml`);
    while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(server.requests[0]?.status).toBe(0);
    await server.close();
    await expect(pending).rejects.toThrow();
    expect(server.requests[0]?.status).toBe(0);
  });
});

describe('contract: synthetic index', () => {
  it('is a valid index of the requested size, newest first, with real uploads beside it', async () => {
    const server = await start({ layout: 'harbor', urls: 'absolute' });
    server.seedSyntheticIndex('big', { charts: 3, versionsPerChart: 4 });
    await upload(server.apiUrl('big'), await makeChartTgz({ name: 'real', version: '9.9.9' }));
    const index = await getIndex(server.repoUrl('big'));
    const names = Object.keys(index.entries);
    expect(names).toHaveLength(4);
    expect(names).toContain('real');
    const synthetic = names.filter((n) => n !== 'real');
    for (const name of synthetic) {
      const versions = index.entries[name] ?? [];
      expect(versions.map((v) => v.version)).toEqual(['1.0.3', '1.0.2', '1.0.1', '1.0.0']);
      expect(versions.every((v) => /^[0-9a-f]{64}$/.test(v.digest) && v.name === name)).toBe(true);
      expect(versions[0]?.urls[0]).toBe(`${server.repoUrl('big')}/charts/${name}-1.0.3.tgz`);
    }
    const res = await upload(
      server.apiUrl('big'),
      await makeChartTgz({ name: synthetic[0] ?? '', version: '1.0.0' }),
    );
    expect(res.status).toBe(400);
  });

  it('reaches tens of megabytes for 180,000 versions and streams all of it', async () => {
    const server = await start({ layout: 'harbor' });
    server.seedSyntheticIndex('big', { charts: 2000, versionsPerChart: 90 });
    const size = server.indexSize('big');
    expect(size).toBeGreaterThan(50_000_000);
    expect(size).toBeLessThan(150_000_000);
    const res = await fetch(`${server.repoUrl('big')}/index.yaml`);
    expect(Number(res.headers.get('content-length'))).toBe(size);
    let received = 0;
    let tail = '';
    const body: AsyncIterable<Uint8Array> = res.body ?? Readable.from([]);
    for await (const chunk of body) {
      received += chunk.length;
      tail = (tail + Buffer.from(chunk).toString('latin1')).slice(-200);
    }
    expect(received).toBe(size);
    expect(tail).toMatch(/version: 1\.0\.0\ngenerated: "[^"]+"\n$/);
  });
});
