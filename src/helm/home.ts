import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';

/**
 * A per-run Helm home under RUNNER_TEMP (mode 0700): Helm's config, cache, data and plugins, the
 * repository credentials and registry logins all live here and are removed at the end of the
 * run and again by the post step. The user's own Helm configuration is never read or written.
 */
export interface HelmHome {
  root: string;
  /** Environment for every Helm process (replaces any HELM_* the runner had). */
  env: Record<string, string>;
  repositoryConfig: string;
  repositoryCache: string;
  registryConfig: string;
  pluginsDir: string;
  /** Scratch space for packaged and fetched charts. */
  workDir: string;
}

export const HOME_PREFIX = 'helm-publish-';

export async function createHelmHome(parentDir: string, major: number): Promise<HelmHome> {
  await mkdir(parentDir, { recursive: true });
  const root = await mkdtemp(path.join(parentDir, HOME_PREFIX));
  await chmod(root, 0o700);
  const workDir = path.join(root, 'work');
  let home: HelmHome;
  if (major === 2) {
    const helmHome = path.join(root, 'helm2');
    home = {
      root,
      env: { HELM_HOME: helmHome },
      repositoryConfig: path.join(helmHome, 'repository', 'repositories.yaml'),
      repositoryCache: path.join(helmHome, 'repository', 'cache'),
      registryConfig: path.join(root, 'registry', 'config.json'),
      pluginsDir: path.join(helmHome, 'plugins'),
      workDir,
    };
  } else {
    const config = path.join(root, 'config');
    const cache = path.join(root, 'cache');
    const data = path.join(root, 'data');
    home = {
      root,
      env: {
        HELM_CONFIG_HOME: config,
        HELM_CACHE_HOME: cache,
        HELM_DATA_HOME: data,
        HELM_PLUGINS: path.join(root, 'plugins'),
        HELM_REPOSITORY_CONFIG: path.join(config, 'repositories.yaml'),
        HELM_REPOSITORY_CACHE: path.join(cache, 'repository'),
        HELM_REGISTRY_CONFIG: path.join(config, 'registry', 'config.json'),
      },
      repositoryConfig: path.join(config, 'repositories.yaml'),
      repositoryCache: path.join(cache, 'repository'),
      registryConfig: path.join(config, 'registry', 'config.json'),
      pluginsDir: path.join(root, 'plugins'),
      workDir,
    };
  }
  for (const dir of [
    workDir,
    home.pluginsDir,
    home.repositoryCache,
    path.dirname(home.repositoryConfig),
  ]) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  }
  return home;
}

/** The environment for Helm: the runner's, minus its HELM_* settings, plus the isolated home. */
export function helmEnvironment(
  home: HelmHome,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value === undefined || key.startsWith('HELM_') || key.startsWith('INPUT_')) continue;
    env[key] = value;
  }
  // Belt and braces: helm-push's install hook must never run (it downloads from the internet).
  env.HELM_PUSH_PLUGIN_NO_INSTALL_HOOK = '1';
  return { ...env, ...home.env };
}

/**
 * Removes the home in one synchronous call, which Node does natively, where `fs.promises.rm`
 * takes one asynchronous step per entry (docs/adr/0009). Failures reject the promise.
 */
export function removeHelmHome(root: string): Promise<void> {
  return new Promise((resolve) => {
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    resolve();
  });
}
