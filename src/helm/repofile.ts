import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import type { RepoSpec } from './commands.js';

/**
 * Writes Helm's repositories file directly, for Helm versions whose `repo add` would need the
 * password on the command line (Helm 2, Helm 3 before 3.7). Mode 0600 in the isolated home.
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
  await writeFile(file, YAML.stringify(doc), { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Reads names of repositories already in the file (to merge rather than clobber). */
export async function readRepositoryNames(file: string): Promise<string[]> {
  if (!existsSync(file)) return [];
  const doc = YAML.parse(await readFile(file, 'utf8')) as {
    repositories?: Array<{ name?: string }>;
  } | null;
  return (doc?.repositories ?? []).map((r) => r.name ?? '').filter((n) => n !== '');
}
