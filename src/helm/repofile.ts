import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
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
  await writeFile(file, YAML.stringify(doc), { mode: 0o600 });
  await chmod(file, 0o600);
}
