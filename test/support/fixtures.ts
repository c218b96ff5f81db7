// Well-known locations of what the global setup provides, so any test process (or script) can find
// them without vitest's provide/inject, plus small helpers shared by the test-support builders.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this file with a package.json (works from .cache/build too). */
export const REPO_ROOT = findRepoRoot(path.dirname(fileURLToPath(import.meta.url)));

/** The folder with action.yml: compiled copies under .cache/build carry a package.json too. */
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'action.yml'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no action.yml above ${start}`);
  }
}
export const CACHE_DIR = path.join(REPO_ROOT, '.cache');
export const HELM_BINARY_CACHE_DIR = path.join(CACHE_DIR, 'helm-binaries');
export const TEST_MIRROR_DIR = path.join(CACHE_DIR, 'test-mirror');
/** Served like https://get.helm.sh */
export const HELM_MIRROR_DIR = path.join(TEST_MIRROR_DIR, 'helm');
/** Served like https://github.com/chartmuseum/helm-push/releases/download */
export const HELM_PUSH_MIRROR_DIR = path.join(TEST_MIRROR_DIR, 'helm-push');
/** Created by the install/update hook of every fake helm-push release when a hook runs. */
export const HOOK_SENTINEL_PATH = path.join(CACHE_DIR, 'test-state', 'helm-push-hook-ran');

export const TEST_HELM_VERSIONS = ['v4.2.3', 'v3.18.0', 'v4.1.4', 'v3.8.1', 'v3.4.2'] as const;
export type TestHelmVersion = (typeof TEST_HELM_VERSIONS)[number];
export const TEST_PLUGIN_VERSIONS = ['0.9.0', '0.10.4', '0.11.1'] as const;
export type TestPluginVersion = (typeof TEST_PLUGIN_VERSIONS)[number];

export function helmBinaryCachePath(version: string): string {
  return path.join(HELM_BINARY_CACHE_DIR, version, 'helm');
}

/** Path of a Helm binary the global setup has already verified; throws if it is missing. */
export function helmBinary(version: TestHelmVersion): string {
  const binary = helmBinaryCachePath(version);
  if (!existsSync(binary)) {
    throw new Error(`Helm ${version} is not cached at ${binary}; did the vitest global setup run?`);
  }
  return binary;
}

export function helmArchiveName(version: string, platform = 'linux-amd64'): string {
  return `helm-${version}-${platform}.tar.gz`;
}

export function helmArchivePath(version: string): string {
  return path.join(HELM_MIRROR_DIR, helmArchiveName(version));
}

export function pluginArchiveName(version: string, os = 'linux', arch = 'amd64'): string {
  return `helm-push_${version}_${os}_${arch}.tar.gz`;
}

export function pluginArchivePath(version: string): string {
  return path.join(HELM_PUSH_MIRROR_DIR, `v${version}`, pluginArchiveName(version));
}

export function pluginChecksumsPath(version: string): string {
  return path.join(HELM_PUSH_MIRROR_DIR, `v${version}`, `helm-push_${version}_checksums.txt`);
}

export function hookRan(): boolean {
  return existsSync(HOOK_SENTINEL_PATH);
}

export function resetHookSentinel(): void {
  rmSync(HOOK_SENTINEL_PATH, { force: true });
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** A sibling name unique to this process and call, for write-then-rename. */
export function tempSiblingPath(finalPath: string): string {
  return `${finalPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes through a temporary sibling and renames it into place, so concurrent test runs (several
 * vitest processes share .cache/) never observe a half-written file.
 */
export async function writeFileAtomic(
  finalPath: string,
  data: string | Uint8Array,
  mode = 0o644,
): Promise<void> {
  await mkdir(path.dirname(finalPath), { recursive: true });
  const temp = tempSiblingPath(finalPath);
  try {
    await writeFile(temp, data, { mode });
    await chmod(temp, mode);
    await rename(temp, finalPath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export interface IsolatedHelmHome {
  root: string;
  configHome: string;
  cacheHome: string;
  dataHome: string;
  pluginsDir: string;
  repositoryConfig: string;
  repositoryCache: string;
  registryConfig: string;
  /** process.env without inherited HELM_* variables, plus the isolated locations. */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** HOME and Helm's config, cache and data homes, all under `dir`. */
export function scratchHelmHomes(dir: string): Record<string, string> {
  return {
    HOME: dir,
    HELM_CONFIG_HOME: path.join(dir, 'config'),
    HELM_CACHE_HOME: path.join(dir, 'cache'),
    HELM_DATA_HOME: path.join(dir, 'data'),
  };
}

/** Fresh HELM_CONFIG_HOME/HELM_CACHE_HOME/HELM_DATA_HOME/HELM_PLUGINS under a 0700 temp dir. */
export async function createIsolatedHelmHome(): Promise<IsolatedHelmHome> {
  const root = await mkdtemp(path.join(tmpdir(), 'helm-home-'));
  await chmod(root, 0o700);
  const configHome = path.join(root, 'config');
  const cacheHome = path.join(root, 'cache');
  const dataHome = path.join(root, 'data');
  const pluginsDir = path.join(root, 'plugins');
  const repositoryCache = path.join(cacheHome, 'repository');
  for (const dir of [configHome, repositoryCache, dataHome, pluginsDir]) {
    await mkdir(dir, { recursive: true });
  }
  const repositoryConfig = path.join(configHome, 'repositories.yaml');
  const registryConfig = path.join(configHome, 'registry', 'config.json');
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('HELM_')) env[key] = value;
  }
  Object.assign(env, {
    HOME: root,
    HELM_CONFIG_HOME: configHome,
    HELM_CACHE_HOME: cacheHome,
    HELM_DATA_HOME: dataHome,
    HELM_PLUGINS: pluginsDir,
    HELM_REPOSITORY_CONFIG: repositoryConfig,
    HELM_REPOSITORY_CACHE: repositoryCache,
    HELM_REGISTRY_CONFIG: registryConfig,
  });
  return {
    root,
    configHome,
    cacheHome,
    dataHome,
    pluginsDir,
    repositoryConfig,
    repositoryCache,
    registryConfig,
    env,
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}
