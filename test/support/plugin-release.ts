// helm-push releases as goreleaser publishes them upstream, carrying a Node stand-in for the Go
// binary (test/support/fake-helm-push/) so tests can install and run the plugin with real Helm.
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import semver from 'semver';
import * as tar from 'tar';
import {
  HOOK_SENTINEL_PATH,
  REPO_ROOT,
  pluginArchiveName,
  sha256File,
  tempSiblingPath,
  writeFileAtomic,
} from './fixtures.js';

const PROGRAM_SOURCE = path.join(
  REPO_ROOT,
  'test',
  'support',
  'fake-helm-push',
  'helm-cm-push.mjs',
);
const BUILD_SETTINGS_LINE = 'const BUILD = sourceBuildSettings();';
// Fixed entry metadata keeps rebuilds byte-identical, so concurrent test runs agree on checksums.
const ARCHIVE_MTIME = new Date('2025-01-01T00:00:00Z');

const LICENSE_TEXT = `Apache License
Version 2.0, January 2004
http://www.apache.org/licenses/

(Placeholder for chartmuseum/helm-push's license: this archive is a test build.)
`;

export interface PluginLayout {
  /** Plugin name, hence the helm sub-command: `push` up to 0.9.x, `cm-push` from 0.10.0. */
  pluginName: 'push' | 'cm-push';
  /** Program path inside the archive and the plugin directory. */
  binary: 'bin/helmpush' | 'bin/helm-cm-push';
}

export interface PluginRelease extends PluginLayout {
  version: string;
  /** `<mirrorDir>/v<version>` */
  dir: string;
  archiveName: string;
  archivePath: string;
  checksumsPath: string;
  sha256: string;
}

export function pluginLayout(version: string): PluginLayout {
  return semver.gte(version, '0.10.0')
    ? { pluginName: 'cm-push', binary: 'bin/helm-cm-push' }
    : { pluginName: 'push', binary: 'bin/helmpush' };
}

/** Upstream's legacy plugin.yaml, with hooks that also touch HOOK_SENTINEL_PATH when they run. */
export function legacyPluginManifest(version: string): string {
  const { pluginName, binary } = pluginLayout(version);
  const hook = `touch '${HOOK_SENTINEL_PATH}'; cd $HELM_PLUGIN_DIR; scripts/install_plugin.sh`;
  return `name: "${pluginName}"
version: "${version}"
usage: "Please see https://github.com/chartmuseum/helm-push for usage"
description: "Push chart package to ChartMuseum"
command: "$HELM_PLUGIN_DIR/${binary}"
downloaders:
- command: "${binary}"
  protocols:
  - "cm"
useTunnel: false
hooks:
  install: "${hook}"
  update: "${hook}"
`;
}

/**
 * The v1 manifest Helm 4 needs to expose the plugin as a command (see PROTOCOL.md). Helm 4 uses
 * config.usage as the cobra `Use` line, so its first word becomes the command name: it must start
 * with the plugin name (upstream's legacy "Please see …" text would register `helm Please`).
 */
export function v1PluginManifest(version: string): string {
  const { pluginName, binary } = pluginLayout(version);
  return `apiVersion: v1
name: ${pluginName}
type: cli/v1
runtime: subprocess
version: ${version}
config:
  usage: "${pluginName} [flags] CHART REPO"
  shortHelp: "Push chart package to ChartMuseum"
  longHelp: "Push chart package to ChartMuseum"
runtimeConfig:
  platformCommand:
    - command: "\${HELM_PLUGIN_DIR}/${binary}"
`;
}

/**
 * Writes `<mirrorDir>/v<version>/helm-push_<version>_linux_amd64.tar.gz` and
 * `helm-push_<version>_checksums.txt`. Rebuilt on every call (a few ms) but only replaced when the
 * bytes differ, so edits to the plugin program reach the next test run.
 */
export async function buildPluginRelease(
  mirrorDir: string,
  version: string,
): Promise<PluginRelease> {
  const layout = pluginLayout(version);
  const dir = path.join(mirrorDir, `v${version}`);
  const archiveName = pluginArchiveName(version, 'linux', 'amd64');
  const archivePath = path.join(dir, archiveName);
  const checksumsPath = path.join(dir, `helm-push_${version}_checksums.txt`);
  await mkdir(dir, { recursive: true });
  await mkdir(path.dirname(HOOK_SENTINEL_PATH), { recursive: true });

  const staging = await mkdtemp(path.join(tmpdir(), `helm-push-release-${version}-`));
  const temp = tempSiblingPath(archivePath);
  try {
    await writeFile(path.join(staging, 'LICENSE'), LICENSE_TEXT, { mode: 0o644 });
    await writeFile(path.join(staging, 'plugin.yaml'), legacyPluginManifest(version), {
      mode: 0o644,
    });
    await mkdir(path.join(staging, 'bin'));
    const program = path.join(staging, layout.binary);
    await writeFile(program, await bakeProgram(version));
    await chmod(program, 0o755);
    await tar.c({ file: temp, cwd: staging, gzip: true, portable: true, mtime: ARCHIVE_MTIME }, [
      'LICENSE',
      'plugin.yaml',
      layout.binary,
    ]);
    const sha256 = await sha256File(temp);
    const checksums = `${sha256}  ${archiveName}\n`;
    const unchanged =
      existsSync(archivePath) &&
      existsSync(checksumsPath) &&
      (await readFile(checksumsPath, 'utf8')) === checksums;
    if (unchanged) {
      await rm(temp, { force: true });
    } else {
      await rename(temp, archivePath);
      await writeFileAtomic(checksumsPath, checksums);
    }
    return { ...layout, version, dir, archiveName, archivePath, checksumsPath, sha256 };
  } finally {
    await rm(temp, { force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

async function bakeProgram(version: string): Promise<string> {
  const source = await readFile(PROGRAM_SOURCE, 'utf8');
  if (!source.includes(BUILD_SETTINGS_LINE)) {
    throw new Error(`${PROGRAM_SOURCE} lost its "${BUILD_SETTINGS_LINE}" line`);
  }
  const settings = {
    pluginName: pluginLayout(version).pluginName,
    version,
    projectRoot: REPO_ROOT,
  };
  return source.replace(BUILD_SETTINGS_LINE, `const BUILD = ${JSON.stringify(settings)};`);
}

export interface InstallPluginOptions {
  /** Helm major the plugin is for: 4 gets the v1 manifest in place of the legacy one. */
  helmMajor: number;
  /** Folder name under pluginsDir; upstream's `helm plugin install` uses `helm-push`. */
  dirName?: string;
}

/**
 * Installs a release archive the way an installer that skips hooks must: extract into
 * `<pluginsDir>/<dirName>` and, for Helm 4, replace plugin.yaml by the v1 manifest.
 */
export async function installPluginFromArchive(
  archivePath: string,
  pluginsDir: string,
  options: InstallPluginOptions,
): Promise<string> {
  const pluginDir = path.join(pluginsDir, options.dirName ?? 'helm-push');
  await mkdir(pluginDir, { recursive: true });
  await tar.x({ file: archivePath, cwd: pluginDir, strict: true });
  if (options.helmMajor >= 4) {
    const legacy = await readFile(path.join(pluginDir, 'plugin.yaml'), 'utf8');
    const version = /^version: "([^"]+)"$/m.exec(legacy)?.[1];
    if (version === undefined) throw new Error(`No version in ${pluginDir}/plugin.yaml`);
    await writeFile(path.join(pluginDir, 'plugin.yaml'), v1PluginManifest(version));
  }
  return pluginDir;
}
