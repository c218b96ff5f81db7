// Real Helm as the oracle for the index reader: an index file is written as a repository's cached
// index in a temp Helm home, then read by `helm search repo <name>/ --versions -o json` (which
// charts and versions Helm lists) and by `helm repo index --merge` (Helm loads it with loadIndex,
// helm/helm pkg/repo/index.go, and writes every kept entry back out with its digest, URLs and
// created time, the first of duplicated versions after sorting, as `helm pull` picks it).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { helmBinary, scratchHelmHomes } from '../../test/support/fixtures.js';

const execFileAsync = promisify(execFile);

export const ORACLE_HELMS = ['v3.8.1', 'v3.18.0', 'v4.1.4', 'v4.2.3'] as const;
export type OracleHelm = (typeof ORACLE_HELMS)[number];

/** One chart version as Helm resolves it (fields compared with the reader's IndexEntry). */
export interface HelmEntry {
  name: string;
  version: string;
  appVersion: string;
  digest: string;
  urls: string[];
  /** Helm's zero time when the index gives none. */
  created: string;
}

export interface HelmView {
  /** Why Helm refuses the whole index; undefined when it loads it. */
  refused?: string;
  /**
   * `name@version` → the entry `helm pull` would take (first after sorting); keyed by the entry's
   * name, as `helm repo index --merge` files it (see `listed` for the chart keys).
   */
  entries: Map<string, HelmEntry>;
  /** `chart@version` pairs `helm search repo --versions` lists (by entries key, lower case). */
  listed: Set<string>;
  /** Helm logged that it skipped invalid entries while loading. */
  skipped: boolean;
}

export const ZERO_TIME = '0001-01-01T00:00:00Z';
const REPO = 'oracle';
const cache = new Map<string, Promise<HelmView>>();

/** How `helm` reads `index` (cached per Helm version and content for the run). */
export function helmView(helm: OracleHelm, index: Buffer): Promise<HelmView> {
  const key = `${helm}:${createHash('sha256').update(index).digest('hex')}`;
  let view = cache.get(key);
  if (view === undefined) {
    view = readWithHelm(helm, index);
    cache.set(key, view);
  }
  return view;
}

async function readWithHelm(helm: OracleHelm, index: Buffer): Promise<HelmView> {
  const home = await mkdtemp(path.join(tmpdir(), 'helm-oracle-'));
  try {
    const repositoryCache = path.join(home, 'cache', 'repository');
    await mkdir(repositoryCache, { recursive: true });
    await mkdir(path.join(home, 'out'));
    const indexFile = path.join(repositoryCache, `${REPO}-index.yaml`);
    await writeFile(indexFile, index);
    const repositories = path.join(home, 'repositories.yaml');
    // The URL is never contacted: both commands read the cached index only.
    await writeFile(
      repositories,
      `apiVersion: ""\nrepositories:\n- name: ${REPO}\n  url: http://127.0.0.1:9/\n`,
    );
    const env = {
      PATH: process.env.PATH ?? '',
      ...scratchHelmHomes(home),
      HELM_REPOSITORY_CONFIG: repositories,
      HELM_REPOSITORY_CACHE: repositoryCache,
    };
    const run = (args: string[]): Promise<{ stdout: string; stderr: string; failed?: string }> =>
      execFileAsync(helmBinary(helm), args, { env, maxBuffer: 256 << 20 }).catch(
        (caught: unknown) => {
          const error = caught as { stdout?: string; stderr?: string; message: string };
          return {
            stdout: error.stdout ?? '',
            stderr: error.stderr ?? '',
            failed: error.stderr ?? error.message,
          };
        },
      );
    const out = path.join(home, 'out');
    const [search, merge] = await Promise.all([
      run(['search', 'repo', `${REPO}/`, '--versions', '--devel', '-o', 'json']),
      run(['repo', 'index', out, '--merge', indexFile]),
    ]);
    // A panic (Helm 3 on a null version) is a refusal too: Helm cannot use the index.
    if (merge.failed !== undefined || /corrupt or missing/.test(search.stderr)) {
      return {
        refused: (merge.failed ?? search.stderr).trim().split('\n').slice(0, 3).join(' | '),
        entries: new Map(),
        listed: new Set(),
        skipped: false,
      };
    }
    const written = parseYaml(await readFile(path.join(out, 'index.yaml'), 'utf8')) as {
      entries?: Record<string, Record<string, unknown>[] | null>;
    };
    return {
      entries: mergedEntries(written.entries ?? {}),
      listed: searchListed(search.stdout),
      skipped: /skipping loading invalid entry/.test(merge.stderr),
    };
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function mergedEntries(
  entries: Record<string, Record<string, unknown>[] | null>,
): Map<string, HelmEntry> {
  const found = new Map<string, HelmEntry>();
  for (const [chart, versions] of Object.entries(entries)) {
    for (const item of versions ?? []) {
      const entry: HelmEntry = {
        name: text(item.name),
        version: text(item.version),
        appVersion: text(item.appVersion),
        digest: text(item.digest),
        urls: Array.isArray(item.urls) ? item.urls.map(text) : [],
        created: text(item.created) || ZERO_TIME,
      };
      const key = `${chart}@${entry.version}`;
      if (!found.has(key)) found.set(key, entry);
    }
  }
  return found;
}

function searchListed(stdout: string): Set<string> {
  const rows = JSON.parse(stdout || '[]') as { name: string; version: string }[];
  // Helm 3.8 shows chart names in lower case, so all are compared so.
  return new Set(
    rows.map((row) => `${row.name.slice(REPO.length + 1)}@${row.version}`.toLowerCase()),
  );
}
