import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexEntry } from '../index/types.js';
import type { RepoSpec } from './commands.js';

/**
 * Helm's repositories file (what `helm repo add` keeps), 0600 in the isolated home, the same for
 * every major: Helm 2 and Helm < 3.7 `repo add` would need the password on the command line.
 */
export async function writeRepositoriesFile(
  file: string,
  cacheDir: string,
  major: number,
  repos: RepoSpec[],
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const entries = repos.map((repo) => ({
    name: repo.name,
    url: repo.url,
    ...(major === 2 && { cache: path.join(cacheDir, `${repo.name}-index.yaml`) }),
    username: repo.username ?? '',
    password: repo.password ?? '',
    caFile: repo.caFile ?? '',
    certFile: '',
    keyFile: '',
    ...(major !== 2 && { insecure_skip_tls_verify: repo.insecure === true }),
  }));
  const doc = {
    apiVersion: major === 2 ? 'v1' : '',
    generated: new Date().toISOString(),
    repositories: entries,
  };
  await writeFile(file, `${yamlReadableJson(doc)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** A chart version for Helm's cached index: the chart's key in `entries`, and its entry. */
export interface CachedVersion {
  chart: string;
  entry: IndexEntry;
}

let partials = 0;

/**
 * Helm's cached index with only the given versions, so `helm pull` does not load a huge index per
 * chart (docs/adr/0004); one rename, so a reading Helm sees the old file or the new one.
 */
export async function writeRepositoryIndex(
  file: string,
  versions: readonly CachedVersion[],
): Promise<void> {
  const entries: Record<string, object[]> = {};
  for (const { chart, entry } of versions) {
    (entries[chart] ??= []).push({
      name: entry.name,
      version: entry.version,
      urls: entry.urls,
      ...(entry.digest !== undefined && { digest: entry.digest }),
      ...(entry.appVersion !== undefined && { appVersion: entry.appVersion }),
    });
  }
  const doc = { apiVersion: 'v1', entries, generated: new Date().toISOString() };
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.${String(process.pid)}.${String(++partials)}.part`;
  try {
    await writeFile(partial, `${yamlReadableJson(doc)}\n`, { mode: 0o600 });
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * JSON, which Helm's YAML reader takes as it is, so any character of a password survives; NEL, LS
 * and PS are escaped too, since a YAML 1.1 reader folds them raw into spaces (docs/adr/0003).
 */
export function yamlReadableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
