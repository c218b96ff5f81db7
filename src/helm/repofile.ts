import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { IndexEntry } from '../index/types.js';
import type { RepoSpec } from './commands.js';

/**
 * Writes Helm's repositories file (the one `helm repo add` maintains) for all namespaces at once,
 * mode 0600 in the isolated home. Works the same for every Helm major, including Helm 2 and
 * Helm 3 before 3.7, whose `repo add` would need the password on the command line.
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
 * Writes the index Helm reads for a repository (`<cache>/<name>-index.yaml`, which `helm repo
 * update` would fill with the whole index.yaml) with only the given versions, as the repository
 * lists them: name, version, URLs (relative ones Helm resolves against the repository URL, as
 * always) and digest. `helm pull` then resolves, authenticates and downloads as it would after
 * `helm repo update`, but loads a few entries instead of the whole index, which for an index of
 * tens of megabytes costs Helm seconds and more than a gigabyte for every chart it pulls. As
 * JSON (see yamlReadableJson); replaced in one rename, so a Helm process reading it meanwhile
 * sees the old file or the new one.
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
 * The file is JSON, which YAML readers (Helm's among them) read as it is: every string is
 * double-quoted with JSON's escapes, whatever characters a password holds. The yaml library's
 * serializer, the alternative, costs about 20 ms of CPU on its first use, right before the
 * first push. NEL, LS and PS are escaped as well: a YAML 1.1 reader takes them raw as line
 * breaks and would fold them into spaces.
 */
export function yamlReadableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u0085\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
