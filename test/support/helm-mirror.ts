// A local directory laid out like https://get.helm.sh, built from the real cached Helm binaries, so
// tests exercise the product's real download → checksum → extract → cache path.
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import * as tar from 'tar';
import { helmArchiveName, sha256File, tempSiblingPath, writeFileAtomic } from './fixtures.js';
import { ensureHelmBinary } from './helm-binaries.js';

// Fixed metadata keeps archives byte-identical across rebuilds, so concurrent test runs that
// rebuild the mirror never disagree about a checksum.
const ARCHIVE_MTIME = new Date('2025-01-01T00:00:00Z');
const PLATFORM = 'linux-amd64';

const LICENSE_TEXT = `Apache License
Version 2.0, January 2004
http://www.apache.org/licenses/

(Placeholder for the Helm license text: this archive is a test mirror built from an official
Helm binary.)
`;

export interface HelmMirrorArchive {
  version: string;
  archiveName: string;
  archivePath: string;
  sha256: string;
}

export interface HelmMirror {
  dir: string;
  archives: HelmMirrorArchive[];
  /** Newest version overall, as served in helm-latest-version. */
  latest: string | undefined;
}

/**
 * Writes `helm-<v>-linux-amd64.tar.gz`, `.sha256sum` and `.sha256` for each version, and the
 * `helm-latest-version`, `helm3-latest-version`, `helm4-latest-version` files. Archives that
 * already exist with both checksum files are kept as they are.
 */
export async function buildHelmMirror(
  dir: string,
  versions: readonly string[],
): Promise<HelmMirror> {
  await mkdir(dir, { recursive: true });
  const archives = await Promise.all(versions.map((version) => ensureMirrorArchive(dir, version)));
  const latest = await writeLatestVersionFiles(dir, versions);
  return { dir, archives, latest };
}

async function ensureMirrorArchive(dir: string, version: string): Promise<HelmMirrorArchive> {
  const archiveName = helmArchiveName(version, PLATFORM);
  const archivePath = path.join(dir, archiveName);
  const sha256Path = `${archivePath}.sha256`;
  if (existsSync(archivePath) && existsSync(`${archivePath}.sha256sum`) && existsSync(sha256Path)) {
    const sha256 = (await readFile(sha256Path, 'utf8')).trim();
    return { version, archiveName, archivePath, sha256 };
  }

  const binary = await ensureHelmBinary(version);
  const staging = await mkdtemp(path.join(tmpdir(), `helm-mirror-${version}-`));
  try {
    const platformDir = path.join(staging, PLATFORM);
    await mkdir(platformDir, { mode: 0o755 });
    await chmod(platformDir, 0o755);
    await copyFile(binary, path.join(platformDir, 'helm'));
    await chmod(path.join(platformDir, 'helm'), 0o755);
    await writeFile(path.join(platformDir, 'LICENSE'), LICENSE_TEXT, { mode: 0o644 });
    await writeFile(
      path.join(platformDir, 'README.md'),
      `# Helm ${version}\n\nTest mirror copy of the official ${PLATFORM} release.\n`,
      { mode: 0o644 },
    );
    const temp = tempSiblingPath(archivePath);
    await tar.c(
      {
        file: temp,
        cwd: staging,
        gzip: true,
        portable: true,
        noDirRecurse: true,
        mtime: ARCHIVE_MTIME,
      },
      [PLATFORM, `${PLATFORM}/helm`, `${PLATFORM}/LICENSE`, `${PLATFORM}/README.md`],
    );
    const sha256 = await sha256File(temp);
    await rename(temp, archivePath);
    await writeFileAtomic(`${archivePath}.sha256`, `${sha256}\n`);
    await writeFileAtomic(`${archivePath}.sha256sum`, `${sha256}  ${archiveName}\n`);
    return { version, archiveName, archivePath, sha256 };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function writeLatestVersionFiles(
  dir: string,
  versions: readonly string[],
): Promise<string | undefined> {
  const sorted = versions.filter((v) => semver.valid(v) !== null).sort(semver.rcompare);
  const files: [string, string | undefined][] = [
    ['helm-latest-version', sorted[0]],
    ['helm3-latest-version', sorted.find((v) => semver.major(v) === 3)],
    ['helm4-latest-version', sorted.find((v) => semver.major(v) === 4)],
  ];
  for (const [name, version] of files) {
    if (version === undefined) continue;
    const file = path.join(dir, name);
    const current = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    if (current !== `${version}\n`) await writeFileAtomic(file, `${version}\n`);
  }
  return sorted[0];
}
