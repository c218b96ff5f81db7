import { statSync } from 'node:fs';
import path from 'node:path';
import { PublishError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { fetchText } from '../http/download.js';
import type { HelmVersionRequest } from '../types/settings.js';
import type { Logger } from '../logger.js';
import { parseChecksumFile } from './archive.js';
import { helmArchiveName, type Platform } from './platform.js';
import { fetchIntoCache, originProblem, type ToolDownload } from './tool-fetch.js';
import { findInToolCache } from './toolcache.js';

/**
 * Installs a pinned Helm: a cache hit downloads nothing (with `helm-checksum`, only a provable
 * copy counts); a miss streams download, hash and unpack, renamed into the cache once verified.
 */

export interface HelmInstallation {
  /** Absolute path of the helm executable. */
  path: string;
  /** Like v3.18.0. */
  version: string;
  major: number;
  minor: number;
  fromCache: boolean;
}

/** Where a tool comes from and what its download may use. */
export interface ToolSource {
  mirror: string;
  /** A pinned SHA-256 of the release archive (`helm-checksum`, `helm-push-checksum`). */
  checksum?: string;
  http: HttpClient;
  platform: Platform;
  logger: Logger;
  /** Where a download is staged; removed afterwards. */
  tempDir: string;
}

export interface InstallOptions extends ToolSource {
  /** Lower limits than the defaults, for tests. */
  limits?: ToolDownload['limits'];
}

const LATEST_FILES = {
  latest: 'helm-latest-version',
  '3': 'helm3-latest-version',
  '4': 'helm4-latest-version',
} as const;

function binaryPath(dir: string, platform: Platform): string {
  return path.join(dir, `${platform.os}-${platform.arch}`, platform.exe);
}

/** `version`'s tool-cache entry and its helm executable, if both are there. */
export function cachedHelm(
  version: string,
  platform: Platform,
): { dir: string; bin: string } | undefined {
  const dir = findInToolCache('helm', version, platform.cacheArch);
  if (dir === undefined) return undefined;
  const bin = binaryPath(dir, platform);
  try {
    return statSync(bin).isFile() ? { dir, bin } : undefined;
  } catch {
    return undefined;
  }
}

/** Turns `latest`, `3` or `4` into an exact version through the mirror; never falls back. */
export async function resolveHelmVersion(
  request: HelmVersionRequest,
  mirror: string,
  http: HttpClient,
  logger: Logger,
): Promise<string> {
  if (request.kind === 'exact') return request.version;
  const url = `${mirror}/${LATEST_FILES[request.channel]}`;
  let text: string | undefined;
  try {
    text = await fetchText(http, url);
  } catch (error) {
    throw new PublishError(
      `cannot resolve \`helm-version: ${request.channel}\` through ${url}: ${(error as Error).message}; set \`helm-version\` to an exact version like v3.18.0`,
    );
  }
  const version = text?.trim() ?? '';
  const expectedMajor = request.channel === 'latest' ? undefined : request.channel;
  const m = /^v(\d+)\.\d+\.\d+$/.exec(version);
  if (text === undefined || !m || (expectedMajor !== undefined && m[1] !== expectedMajor)) {
    throw new PublishError(
      `cannot resolve \`helm-version: ${request.channel}\`: ${url} ${text === undefined ? 'does not exist (404)' : `answered "${version.slice(0, 40)}"`}; set \`helm-version\` to an exact version like v3.18.0`,
    );
  }
  logger.warning(
    `helm-version "${request.channel}" resolved to ${version}; builds are not reproducible until you pin \`helm-version: ${version}\``,
  );
  return version;
}

export function parseHelmVersion(version: string): { major: number; minor: number } {
  const m = /^v?(\d+)\.(\d+)\./.exec(version);
  return { major: Number(m?.[1] ?? 0), minor: Number(m?.[2] ?? 0) };
}

export async function installHelm(
  version: string,
  options: InstallOptions,
): Promise<HelmInstallation> {
  const { platform, logger } = options;
  const { major, minor } = parseHelmVersion(version);
  const archive = helmArchiveName(version, platform);
  const folder = `${platform.os}-${platform.arch}`;
  const binary = `${folder}/${platform.exe}`;
  const cached = cachedHelm(version, platform);
  if (cached !== undefined) {
    // A pinned `helm-checksum` holds for cached copies too: the copy must prove its archive.
    const problem =
      options.checksum === undefined
        ? undefined
        : await originProblem(cached.dir, options.checksum, [binary]);
    if (problem === undefined) {
      logger.info(`Helm ${version} found in the tool cache`);
      return { path: cached.bin, version, major, minor, fromCache: true };
    }
    logger.warning(
      `the cached Helm ${version} in ${cached.dir} does not prove it came from the archive \`helm-checksum\` pins (${problem}); downloading it again`,
    );
  }

  const url = `${options.mirror}/${archive}`;
  const pinned = options.checksum !== undefined;
  logger.info(`Downloading Helm ${version} from ${url}`);
  const { dir, sha256 } = await fetchIntoCache(
    {
      tool: 'helm',
      version,
      cacheArch: platform.cacheArch,
      url,
      archive,
      format: platform.archiveExt,
      expected:
        options.checksum !== undefined
          ? Promise.resolve(options.checksum)
          : fetchHelmChecksum(url, archive, options),
      expectedFrom: pinned ? ' (`helm-checksum`)' : '',
      // Only what runs and its licence: the README and the rest are audited but not written.
      want: (entry) => entry === binary || entry === `${folder}/LICENSE`,
      executables: platform.os === 'windows' ? [] : [binary],
      http: options.http,
      tempDir: options.tempDir,
      notFound: `Helm ${version} is not on the mirror: ${url} answered 404; check \`helm-version\` and \`helm-mirror\``,
      limits: options.limits,
    },
    // A cached copy that failed its proof is replaced, whatever it records.
    cached !== undefined ? () => Promise.resolve(false) : undefined,
  );
  logger.info(`Helm ${version} verified (sha256 ${sha256}) and cached`);
  return { path: binaryPath(dir, platform), version, major, minor, fromCache: false };
}

async function fetchHelmChecksum(
  url: string,
  archive: string,
  options: InstallOptions,
): Promise<string> {
  // `.sha256sum` names the file; old releases only publish the bare `.sha256`.
  const sums = await fetchText(options.http, `${url}.sha256sum`);
  if (sums !== undefined) {
    const digest = parseChecksumFile(sums, archive, false);
    if (digest === undefined) {
      throw new PublishError(
        `${url}.sha256sum does not name ${archive}; refusing to trust it (set \`helm-checksum\` to the expected SHA-256)`,
      );
    }
    return digest;
  }
  const bare = await fetchText(options.http, `${url}.sha256`);
  if (bare === undefined) {
    throw new PublishError(
      `Helm archive ${archive} has no checksum on the mirror (${url}.sha256sum and .sha256 answered 404): check \`helm-version\` and \`helm-mirror\`, or set \`helm-checksum\``,
    );
  }
  const digest = parseChecksumFile(bare, archive, true);
  if (digest === undefined) throw new PublishError(`${url}.sha256 is not a SHA-256 checksum file`);
  return digest;
}
