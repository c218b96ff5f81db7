// `npm run demo`: publishes examples/charts to an embedded Harbor-style chart repository on
// 127.0.0.1 with a real Helm (served from a local get.helm.sh-style mirror), verifies, fetches
// back and prints the summary. No network: Helm comes from a devDependency.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startChartServer } from '../test/support/chart-server.js';
import {
  CACHE_DIR,
  HELM_MIRROR_DIR,
  HELM_PUSH_MIRROR_DIR,
  REPO_ROOT,
} from '../test/support/fixtures.js';
import { ensureHelmBinary } from '../test/support/helm-binaries.js';
import { buildHelmMirror } from '../test/support/helm-mirror.js';
import { buildPluginRelease } from '../test/support/plugin-release.js';
import { REGISTRY_BIN, startRegistry } from '../test/support/registry.js';
import { startStaticServer } from '../test/support/static-server.js';

const HELM_VERSION = 'v3.18.0';
const USER = 'tcr$demo';

function runCli(args: string[], password: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'inherit', 'inherit'],
    });
    child.stdin.end(password);
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
}

async function main(): Promise<number> {
  await ensureHelmBinary(HELM_VERSION);
  await buildHelmMirror(HELM_MIRROR_DIR, [HELM_VERSION]);
  await buildPluginRelease(HELM_PUSH_MIRROR_DIR, '0.10.4');
  const helmMirror = await startStaticServer(HELM_MIRROR_DIR);
  const pushMirror = await startStaticServer(HELM_PUSH_MIRROR_DIR);
  const password = randomBytes(16).toString('hex');
  const repo = await startChartServer({ layout: 'harbor', users: { [USER]: password } });
  const toolCache = path.join(CACHE_DIR, 'demo-tool-cache');
  await mkdir(toolCache, { recursive: true });
  try {
    console.log(`Embedded chart repository: ${repo.repoUrl('{namespace}')} (user ${USER})\n`);
    const args = [
      path.join(REPO_ROOT, 'dist', 'cli.js'),
      '--charts',
      'examples/charts/*',
      '--repo-url',
      repo.repoUrl('{namespace}'),
      '--namespaces',
      'team-a,team-b',
      '--username',
      USER,
      '--password-stdin',
      '--chart-version',
      'v1.0.0',
      '--app-version',
      '1.0.0',
      '--helm-version',
      HELM_VERSION,
      '--helm-mirror',
      helmMirror.url,
      '--helm-push-mirror',
      pushMirror.url,
      '--fetch-back',
      '--if-exists',
      'overwrite',
      '--tool-cache',
      toolCache,
    ];
    const code = await runCli(args, password);
    console.log('\nThe repository now stores:');
    for (const ns of ['team-a', 'team-b']) {
      for (const chart of repo.charts(ns)) {
        console.log(`  ${ns}/${chart.name} ${chart.version}  sha256:${chart.digest.slice(0, 12)}`);
      }
    }
    if (!existsSync(REGISTRY_BIN)) {
      console.log(`\n(${REGISTRY_BIN} is not installed: skipping the OCI part of the demo)`);
      return code;
    }
    const registry = await startRegistry({ user: USER, password });
    try {
      console.log(
        `\nOCI registry (Debian's docker-registry): oci://${registry.host}/{namespace}\n`,
      );
      const ociCode = await runCli(
        [
          path.join(REPO_ROOT, 'dist', 'cli.js'),
          '--charts',
          'examples/charts/*',
          '--repo-url',
          `oci://${registry.host}/{namespace}`,
          '--namespaces',
          'team-a',
          '--username',
          USER,
          '--password-stdin',
          '--chart-version',
          'v1.0.0',
          '--plain-http',
          '--helm-version',
          HELM_VERSION,
          '--helm-mirror',
          helmMirror.url,
          '--fetch-back',
          '--if-exists',
          'overwrite',
          '--tool-cache',
          toolCache,
        ],
        password,
      );
      console.log(
        `\nThe registry now has: team-a/hello ${(await registry.tags('team-a/hello')).join(', ')}`,
      );
      return code !== 0 ? code : ociCode;
    } finally {
      await registry.stop();
    }
  } finally {
    await repo.close();
    await helmMirror.close();
    await pushMirror.close();
  }
}

process.exitCode = await main();
