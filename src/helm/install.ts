import { statSync } from 'node:fs';
import { chmod, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PublishError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { NotFoundError, downloadToFile, fetchText } from '../http/download.js';
import type { HelmVersionRequest } from '../types/settings.js';
import type { Logger } from '../logger.js';
import { extractTarGzSafely, parseChecksumFile } from './archive.js';
import { helmArchiveName, type Platform } from './platform.js';
import { cacheAtomically, findInToolCache } from './toolcache.js';

/**
 * Installs a pinned Helm: tool-cache hit → no download; miss → download from the mirror, verify
 * the SHA-256 before extracting, extract safely and cache atomically.
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

export interface InstallOptions {
  mirror: string;
  checksum?: string;
  http: HttpClient;
  platform: Platform;
  logger: Logger;
  /** Where the archive is downloaded to; removed afterwards. */
  tempDir: string;
}

/** Written into each cache entry: the SHA-256 of the archive it came from. */
const ARCHIVE_DIGEST_FILE = 'archive.sha256';

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
  const cached = cachedHelm(version, platform);
  if (cached !== undefined) {
    // A pinned `helm-checksum` holds for cached copies too: each entry records its archive digest.
    const recorded = await readFile(path.join(cached.dir, ARCHIVE_DIGEST_FILE), 'utf8').catch(
      () => undefined,
    );
    if (
      options.checksum !== undefined &&
      recorded !== undefined &&
      recorded.trim() !== options.checksum
    ) {
      throw new PublishError(
        `checksum mismatch for ${archive}: expected sha256 ${options.checksum} (\`helm-checksum\`), got ${recorded.trim()} (the cached copy); nothing was installed`,
      );
    }
    logger.info(`Helm ${version} found in the tool cache`);
    return { path: cached.bin, version, major, minor, fromCache: true };
  }

  const url = `${options.mirror}/${archive}`;
  const expected = options.checksum ?? (await fetchHelmChecksum(url, archive, options));
  const file = path.join(options.tempDir, archive);
  logger.info(`Downloading Helm ${version} from ${url}`);
  try {
    let actual: string;
    try {
      actual = (await downloadToFile(options.http, url, file)).sha256;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new PublishError(
          `Helm ${version} is not on the mirror: ${url} answered 404; check \`helm-version\` and \`helm-mirror\``,
        );
      }
      throw error;
    }
    if (actual !== expected) {
      throw new PublishError(
        `checksum mismatch for ${archive}: expected sha256 ${expected}${options.checksum !== undefined ? ' (`helm-checksum`)' : ''}, got ${actual}; nothing was installed`,
      );
    }
    const dir = await cacheAtomically('helm', version, platform.cacheArch, async (staging) => {
      if (platform.archiveExt === 'zip') {
        const tc = await import('@actions/tool-cache');
        await tc.extractZip(file, staging);
      } else {
        await extractTarGzSafely(file, staging, archive);
      }
      const staged = binaryPath(staging, platform);
      if (!(await isFile(staged))) {
        throw new PublishError(`${archive} has no ${platform.os}-${platform.arch}/${platform.exe}`);
      }
      if (platform.os !== 'windows') await chmod(staged, 0o755);
      await writeFile(path.join(staging, ARCHIVE_DIGEST_FILE), `${actual}\n`);
    });
    logger.info(`Helm ${version} verified (sha256 ${actual}) and cached`);
    return { path: binaryPath(dir, platform), version, major, minor, fromCache: false };
  } finally {
    await rm(file, { force: true });
  }
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

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}
