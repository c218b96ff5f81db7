import { rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A per-run Helm home under RUNNER_TEMP (0700) holding config, cache, plugins and credentials,
 * removed at the end and by the post step, so the user's own Helm configuration is never touched.
 */
export interface HelmHome {
  root: string;
  /** Environment for every Helm process (replaces any HELM_* the runner had). */
  env: Record<string, string>;
  repositoryConfig: string;
  repositoryCache: string;
  registryConfig: string;
  pluginsDir: string;
  /** Docker's config folder for the run (DOCKER_CONFIG), which Helm reads as a fallback. */
  dockerConfigDir: string;
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
      dockerConfigDir: path.join(root, 'docker'),
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
      dockerConfigDir: path.join(root, 'docker'),
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
  await writeRegistryConfig(home.registryConfig);
  await writeRegistryConfig(path.join(home.dockerConfigDir, 'config.json'));
  return home;
}

/**
 * An `auths` entry (a host that cannot exist) so oras-go and docker/cli do not pick a platform
 * credential helper: `helm registry login` then stays in this file (docs/ARCHITECTURE.md).
 */
export const REGISTRY_CONFIG_PLACEHOLDER = 'helm-publish.invalid';

async function writeRegistryConfig(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const config = { auths: { [REGISTRY_CONFIG_PLACEHOLDER]: {} } };
  await writeFile(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

/**
 * What Helm and its plugins may see of the environment: path, proxies, TLS roots, temp, locale,
 * Windows' essentials. Runner tokens, INPUT_* (the password), HELM_*, DOCKER_*, KUBECONFIG never.
 */
const ALLOWED_ENV = new Set([
  'PATH',
  'PATHEXT',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'TMPDIR',
  'TEMP',
  'TMP',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'LANG',
  'LANGUAGE',
  'TZ',
  'SYSTEMROOT',
  'SYSTEMDRIVE',
  'WINDIR',
  'COMSPEC',
  'PROGRAMDATA',
  'NUMBER_OF_PROCESSORS',
  'PROCESSOR_ARCHITECTURE',
]);

function allowedEnv(name: string): boolean {
  const upper = name.toUpperCase();
  return ALLOWED_ENV.has(upper) || upper.startsWith('LC_');
}

/** The environment for Helm: the allowed part of the runner's, plus the isolated home. */
export function helmEnvironment(
  home: HelmHome,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && allowedEnv(key)) env[key] = value;
  }
  // Anything that reads ~ (Go's os.UserHomeDir, a plugin) finds the per-run home.
  env.HOME = home.root;
  if (process.platform === 'win32') env.USERPROFILE = home.root;
  env.DOCKER_CONFIG = home.dockerConfigDir;
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
