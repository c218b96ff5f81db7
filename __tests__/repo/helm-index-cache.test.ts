// Helm's cached index for fetch-back (docs/adr/0004): which versions it lists, when it reads the
// repository, and what it refuses to hand Helm. Real files in a scratch folder; the index read
// is a recording stand-in, since the reader has its own tests.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { IndexEntry } from '../../src/index/types.js';
import type { IndexSnapshot, WantedVersion } from '../../src/repo/chartrepo.js';
import { HelmIndexCache } from '../../src/repo/helm-index-cache.js';
import type { ChartArchive, Target } from '../../src/types/plan.js';
import { scratchDir } from '../../test/support/scratch.js';

const target: Target = { repoUrl: 'https://repo.example/chartrepo/team', namespace: 'team' };

function item(name: string, version: string): ChartArchive {
  const chart = { path: `/charts/${name}`, kind: 'dir', name, version, chartYaml: '' } as const;
  return {
    kind: 'archive',
    job: { chart, target },
    fileName: `${name}-${version}.tgz`,
    file: '',
    bytes: Buffer.alloc(0),
    digest: '',
  };
}

const entry = (
  name: string,
  version: string,
  url = `charts/${name}-${version}.tgz`,
): IndexEntry => ({
  name,
  version,
  urls: [url],
  digest: `${name}${version}`.padEnd(64, '0'),
});

/** A repository listing `listed`; records every read and can be held open. */
function repository(listed: IndexEntry[]) {
  const reads: WantedVersion[][] = [];
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let hold = false;
  const read = async (_t: Target, wanted: WantedVersion[]): Promise<IndexSnapshot> => {
    reads.push(wanted);
    if (hold) await held;
    return { entries: new Map(listed.map((e) => [`${e.name}@${e.version}`, e])) };
  };
  return { read, reads, holdReads: () => (hold = true), release: () => release() };
}

async function cachedVersions(dir: string): Promise<string[]> {
  const doc = parse(await readFile(path.join(dir, 'repo-index.yaml'), 'utf8')) as {
    entries: Record<string, Array<{ version: string; urls: string[]; digest?: string }>>;
  };
  return Object.entries(doc.entries).flatMap(([chart, versions]) =>
    versions.map((v) => `${chart}@${v.version} ${v.urls.join(',')}`),
  );
}

describe('HelmIndexCache', () => {
  it('writes what verification read without reading the repository again', async () => {
    const dir = await scratchDir('index-cache-');
    const repo = repository([]);
    const cache = new HelmIndexCache(dir, repo.read);
    cache.remember(target, 'a', entry('a', '1.0.0'));
    await cache.write(target, 'repo', [item('a', '1.0.0')]);
    expect(repo.reads).toEqual([]);
    expect(await cachedVersions(dir)).toEqual(['a@1.0.0 charts/a-1.0.0.tgz']);
  });

  it('reads every pushed version it has not seen in one read, which later writes wait for', async () => {
    const dir = await scratchDir('index-cache-');
    const repo = repository([entry('a', '1.0.0'), entry('b', '1.0.0')]);
    const cache = new HelmIndexCache(dir, repo.read);
    // The engine hands over the same objects it noted at push time.
    const [a, b] = [item('a', '1.0.0'), item('b', '1.0.0')];
    cache.notePushed(target, a);
    cache.notePushed(target, b);
    repo.holdReads();
    const first = cache.write(target, 'repo', [a]);
    const second = cache.write(target, 'repo', [b]);
    repo.release();
    await Promise.all([first, second]);
    expect(repo.reads).toEqual([
      [
        { chart: 'a', version: '1.0.0' },
        { chart: 'b', version: '1.0.0' },
      ],
    ]);
    expect((await cachedVersions(dir)).sort()).toEqual([
      'a@1.0.0 charts/a-1.0.0.tgz',
      'b@1.0.0 charts/b-1.0.0.tgz',
    ]);
  });

  it('leaves out a version the index does not list, so that Helm reports it as not found', async () => {
    const dir = await scratchDir('index-cache-');
    const repo = repository([entry('a', '1.0.0')]);
    const cache = new HelmIndexCache(dir, repo.read);
    await cache.write(target, 'repo', [item('a', '1.0.0'), item('gone', '2.0.0')]);
    expect(await cachedVersions(dir)).toEqual(['a@1.0.0 charts/a-1.0.0.tgz']);
  });

  it('keeps every version known so far across writes', async () => {
    const dir = await scratchDir('index-cache-');
    const cache = new HelmIndexCache(dir, repository([]).read);
    cache.remember(target, 'a', entry('a', '1.0.0'));
    await cache.write(target, 'repo', [item('a', '1.0.0')]);
    cache.remember(target, 'b', entry('b', '2.0.0'));
    await cache.write(target, 'repo', [item('b', '2.0.0')]);
    expect((await cachedVersions(dir)).sort()).toEqual([
      'a@1.0.0 charts/a-1.0.0.tgz',
      'b@2.0.0 charts/b-2.0.0.tgz',
    ]);
  });

  it('with credentials, takes relative and same-origin URLs and refuses another origin', async () => {
    const dir = await scratchDir('index-cache-');
    const cache = new HelmIndexCache(dir, repository([]).read, true);
    cache.remember(target, 'a', entry('a', '1.0.0'));
    cache.remember(target, 'b', entry('b', '1.0.0', 'https://repo.example/other/b-1.0.0.tgz'));
    cache.remember(target, 'c', entry('c', '1.0.0', 'https://cdn.example/c-1.0.0.tgz'));
    await cache.write(target, 'repo', [item('a', '1.0.0'), item('b', '1.0.0')]);
    await expect(cache.write(target, 'repo', [item('c', '1.0.0')])).rejects.toThrow(
      /lists its archive at https:\/\/cdn\.example\/c-1\.0\.0\.tgz, another origin than the repository's/,
    );
    // Without credentials there is nothing to leak: the entry goes to Helm as listed.
    const open = new HelmIndexCache(await scratchDir('index-cache-'), repository([]).read);
    open.remember(target, 'c', entry('c', '1.0.0', 'https://cdn.example/c-1.0.0.tgz'));
    await expect(open.write(target, 'repo', [item('c', '1.0.0')])).resolves.toBeUndefined();
  });
});
