import { copyFile, cp, mkdir, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { PublishError } from '../errors.js';
import { fetchText } from '../http/download.js';
import { parseChecksumFile } from '../helm/archive.js';
import { pluginCommandName } from '../helm/commands.js';
import { brokenPluginProblem } from '../helm/compat.js';
import type { HelmHome } from '../helm/home.js';
import type { ToolSource } from '../helm/install.js';
import type { Platform } from '../helm/platform.js';
import { fetchIntoCache, originProblem } from '../helm/tool-fetch.js';
import { findInToolCache } from '../helm/toolcache.js';

/**
 * helm-push installed without `helm plugin install`, so no install hook runs and nothing else is
 * downloaded: checksum-verified against goreleaser's checksums.txt and extracted safely.
 */

export const DEFAULT_HELM_PUSH_VERSION: Readonly<Record<number, string>> = {
  2: '0.9.0',
  3: '0.10.4',
  4: '0.11.1',
};

export function helmPushVersionFor(helmMajor: number, requested: string | undefined): string {
  return requested ?? DEFAULT_HELM_PUSH_VERSION[helmMajor] ?? '0.10.4';
}

/** Why a plugin release cannot work with a Helm version, or undefined when it can. */
export function pluginCompatibilityProblem(
  helmVersion: string,
  pluginVersion: string,
): string | undefined {
  const helm = semver.parse(helmVersion.replace(/^v/, ''));
  if (helm === null) return undefined;
  const broken = brokenPluginProblem(pluginVersion);
  if (broken !== undefined) return broken;
  const legacyName = pluginCommandName(pluginVersion) === 'push';
  if (helm.major === 2 && !legacyName) {
    return `helm-push ${pluginVersion} does not support Helm 2: set \`helm-push-version\` to 0.9.0 or leave it empty`;
  }
  if (helm.major === 3 && legacyName && semver.gte(helm, '3.7.0')) {
    return `helm-push ${pluginVersion} names its command \`push\`, which Helm ${helmVersion} has built in: set \`helm-push-version\` to 0.10.4 or leave it empty`;
  }
  if (helm.major >= 4 && semver.lt(pluginVersion, '0.11.1')) {
    return `helm-push ${pluginVersion} does not support Helm ${helm.major}: set \`helm-push-version\` to 0.11.1 or later, or leave it empty`;
  }
  return undefined;
}

function pluginArch(platform: Platform): string {
  return platform.arch === 'arm' ? 'armv7' : platform.arch;
}

export function pluginArchiveName(version: string, platform: Platform): string {
  return `helm-push_${version}_${platform.os}_${pluginArch(platform)}.tar.gz`;
}

export interface PluginCacheOptions extends ToolSource {
  version: string;
}

export interface PluginInstallOptions extends PluginCacheOptions {
  home: HelmHome;
  helmMajor: number;
  /** The tool-cache folder set-up already filled (fetched beside Helm), if it did. */
  cached?: string;
}

/** The plugin's program inside its release archive. */
function pluginBinary(version: string, platform: Platform): string {
  const name = pluginCommandName(version) === 'push' ? 'helmpush' : 'helm-cm-push';
  return `bin/${name}${platform.os === 'windows' ? '.exe' : ''}`;
}

/**
 * The release's tool-cache entry: there already (with `helm-push-checksum`, only when it proves
 * it came from that archive), or downloaded, verified and cached. Returns its folder.
 */
export async function cacheHelmPush(options: PluginCacheOptions): Promise<string> {
  const { version, platform, logger } = options;
  const cached = findInToolCache('helm-push', version, platform.cacheArch);
  if (cached !== undefined) {
    const problem =
      options.checksum === undefined
        ? undefined
        : await originProblem(cached, options.checksum, [
            'plugin.yaml',
            pluginBinary(version, platform),
          ]);
    if (problem === undefined) {
      logger.info(`helm-push ${version} found in the tool cache`);
      return cached;
    }
    logger.warning(
      `the cached helm-push ${version} in ${cached} does not prove it came from the archive \`helm-push-checksum\` pins (${problem}); downloading it again`,
    );
  }
  return downloadPlugin(options, cached !== undefined);
}

/** Installs the plugin into the isolated plugins folder; returns its folder. */
export async function installHelmPush(options: PluginInstallOptions): Promise<string> {
  const { version, platform } = options;
  const source = options.cached ?? (await cacheHelmPush(options));
  const target = path.join(options.home.pluginsDir, 'helm-push');
  await rm(target, { recursive: true, force: true });
  await linkPlugin(source, target, platform);
  if (options.helmMajor >= 4) {
    // Helm 4 reads helm-push's legacy manifest (it declares downloaders) as a getter plugin with
    // no `cm-push` command; upstream's install hook rewrites it, and we skip hooks, so we do.
    await writeFile(path.join(target, 'plugin.yaml'), helm4Manifest(version, platform));
  }
  return target;
}

/**
 * Links the cached plugin's files (the binary is tens of MB) but copies plugin.yaml, so it can be
 * rewritten for Helm 4 without touching the cache. Windows gets copies.
 */
async function linkPlugin(source: string, target: string, platform: Platform): Promise<void> {
  if (platform.os === 'windows') {
    await cp(source, target, { recursive: true });
    return;
  }
  await mkdir(target, { recursive: true });
  for (const entry of await readdir(source)) {
    // Dotfiles are the cache's own records, not the plugin's.
    if (entry.startsWith('.')) continue;
    const from = path.join(source, entry);
    const to = path.join(target, entry);
    if (entry === 'plugin.yaml') await copyFile(from, to);
    else await symlink(from, to);
  }
}

export function helm4Manifest(version: string, platform: Platform): string {
  const exe = platform.os === 'windows' ? 'helm-cm-push.exe' : 'helm-cm-push';
  return [
    'apiVersion: v1',
    'name: cm-push',
    'type: cli/v1',
    'runtime: subprocess',
    `version: "${version}"`,
    'config:',
    // Helm 4 names the command after the first word of `usage`: it must be the plugin name.
    '  usage: "cm-push [flags] CHART REPO"',
    '  shortHelp: "Push chart package to ChartMuseum"',
    '  longHelp: "Push chart package to ChartMuseum"',
    'runtimeConfig:',
    '  platformCommand:',
    `    - command: "\${HELM_PLUGIN_DIR}/bin/${exe}"`,
    '',
  ].join('\n');
}

async function pluginChecksum(
  sumsUrl: string,
  archive: string,
  options: PluginCacheOptions,
): Promise<string> {
  const { version, platform, http } = options;
  const sums = await fetchText(http, sumsUrl);
  if (sums === undefined) {
    throw new PublishError(
      `helm-push ${version} is not on the mirror: ${sumsUrl} answered 404; check \`helm-push-version\` and \`helm-push-mirror\``,
    );
  }
  const expected = parseChecksumFile(sums, archive, false);
  if (expected === undefined) {
    throw new PublishError(
      `${sumsUrl} does not list ${archive}: no helm-push ${version} release for ${platform.os}/${platform.arch}`,
    );
  }
  return expected;
}

async function downloadPlugin(options: PluginCacheOptions, replace: boolean): Promise<string> {
  const { version, platform, mirror, logger } = options;
  const archive = pluginArchiveName(version, platform);
  const base = `${mirror}/v${version}`;
  const sumsUrl = `${base}/helm-push_${version}_checksums.txt`;
  const binary = pluginBinary(version, platform);
  logger.info(`Downloading helm-push ${version} from ${base}/${archive}`);
  const { dir } = await fetchIntoCache(
    {
      tool: 'helm-push',
      version,
      cacheArch: platform.cacheArch,
      url: `${base}/${archive}`,
      archive,
      format: 'tar.gz',
      expected:
        options.checksum !== undefined
          ? Promise.resolve(options.checksum)
          : pluginChecksum(sumsUrl, archive, options),
      expectedFrom:
        options.checksum !== undefined ? ' (`helm-push-checksum`)' : ` (from ${sumsUrl})`,
      want: () => true,
      executables: platform.os === 'windows' ? [] : [binary],
      http: options.http,
      tempDir: options.tempDir,
      notFound: `helm-push ${version} is not on the mirror: ${base}/${archive} answered 404; check \`helm-push-version\` and \`helm-push-mirror\``,
    },
    replace ? () => Promise.resolve(false) : undefined,
  );
  return dir;
}

/** helm-push's own failure: the status and message of its `Error: <status>: <message>` line. */
export interface PluginFailure {
  status?: number;
  message: string;
}

/**
 * Only cobra's `Error: <status>: <message>` line counts (cmd/helm-cm-push/main.go
 * getChartmuseumError): a `409` elsewhere (version 1.0.409, namespace team-403) says nothing.
 */
export function pluginFailure(stderr: string): PluginFailure | undefined {
  for (const line of stderr.split(/\r?\n/)) {
    const error = /^Error: (.+)$/.exec(line.trimEnd())?.[1];
    // Helm's own line after the plugin's: `plugin "cm-push" exited with error`.
    if (error === undefined || /^plugin ".*" exited with error$/.test(error)) continue;
    const answer = /^([1-5]\d\d): (.*)$/.exec(error);
    return answer !== null
      ? { status: Number(answer[1]), message: answer[2] ?? '' }
      : { message: error };
  }
  return undefined;
}

/** The error for a failed plugin push; `credentials` names the inputs that authenticate. */
export function pluginFailureMessage(
  failure: PluginFailure,
  repoUrl: string,
  credentials: string,
): string {
  if (failure.status === 401) {
    return `upload to ${repoUrl} was refused (401 unauthorized: ${failure.message}): check ${credentials} for ${repoUrl}: the credentials were rejected (no further uploads were tried: every namespace gets the same credentials)`;
  }
  if (failure.status === 403) {
    return `upload to ${repoUrl} was refused (403 forbidden: ${failure.message}): the namespace does not exist or the account may not push to it; check the namespace in \`repo-url\`/\`namespaces\` and the account's role (${credentials})`;
  }
  return failure.status !== undefined
    ? `helm-push could not upload to ${repoUrl}: HTTP ${failure.status}: ${failure.message}`
    : `helm-push could not upload to ${repoUrl}: ${failure.message}`;
}
