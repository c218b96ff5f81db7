// `npm run bench`: side-by-side measurements on 127.0.0.1 with real Helm binaries and the
// project's chart server. Every figure is a ratio of two runs made here, in this process, one
// after the other; absolute seconds depend on the machine and are printed only for context.
// Results go to stdout as Markdown (paste into docs/PERFORMANCE.md).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runAction, DIST_INDEX } from '../test/support/action-runner.js';
import { startChartServer, type ChartServer } from '../test/support/chart-server.js';
import { writeChartDir } from '../test/support/chart-fixtures.js';
import {
  HELM_MIRROR_DIR,
  HELM_PUSH_MIRROR_DIR,
  REPO_ROOT,
  createIsolatedHelmHome,
  helmBinary,
  pluginArchivePath,
} from '../test/support/fixtures.js';
import { ensureHelmBinary } from '../test/support/helm-binaries.js';
import { buildHelmMirror } from '../test/support/helm-mirror.js';
import { buildPluginRelease, installPluginFromArchive } from '../test/support/plugin-release.js';
import { startStaticServer, type StaticServer } from '../test/support/static-server.js';
import { benchCold } from './cold.js';

const USER = 'bench';
const PASSWORD = randomBytes(8).toString('hex');
const HELM = 'v3.18.0';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Timed {
  seconds: number;
  maxRssMb?: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

interface ChildRun extends Timed {
  code: number;
  output: string;
}

/**
 * Runs one command and times it: to its exit, or (`firstOutput`) to its first byte of stdout.
 * Under GNU time, when asked, to read its peak RSS.
 */
function timeChild(
  cmd: string,
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    cwd: string;
    stdin?: string;
    maxRss?: boolean;
    firstOutput?: boolean;
  },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const [file, argv] = options.maxRss
      ? ['/usr/bin/time', ['-f', '__MAXRSS_KB=%M', cmd, ...args]]
      : [cmd, args];
    const child = spawn(file, argv, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const done = (code: number): void => {
      const kb = /__MAXRSS_KB=(\d+)/.exec(output)?.[1];
      resolve({
        code,
        output,
        seconds: (performance.now() - start) / 1000,
        ...(kb !== undefined && { maxRssMb: Number(kb) / 1024 }),
      });
    };
    child.stdout.on('data', (c: Buffer) => {
      if (options.firstOutput === true && output === '') {
        done(0);
        child.kill();
      }
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      if (options.firstOutput !== true) done(code ?? -1);
    });
  });
}

interface Context {
  helmMirror: StaticServer;
  pushMirror: StaticServer;
  toolCache: string;
  work: string;
}

function actionInputs(
  ctx: Context,
  server: ChartServer,
  extra: Record<string, string>,
): Record<string, string> {
  return {
    charts: 'charts/hello',
    'repo-url': server.repoUrl('{namespace}'),
    namespaces: 'team-a',
    username: USER,
    password: PASSWORD,
    'helm-version': HELM,
    'helm-mirror': ctx.helmMirror.url,
    'helm-push-mirror': ctx.pushMirror.url,
    'if-exists': 'overwrite',
    summary: 'false',
    ...extra,
  };
}

async function actionRun(
  ctx: Context,
  inputs: Record<string, string>,
  cwd = ctx.work,
): Promise<number> {
  const run = await runAction(inputs, { cwd, toolCache: ctx.toolCache, post: true });
  await rm(run.runnerTemp, { recursive: true, force: true });
  if (run.exitCode !== 0) throw new Error(`action failed:\n${run.stdout}\n${run.stderr}`);
  // The step's own time, as the runner waits for it: main plus post, not the harness around them.
  return run.seconds.main + run.seconds.post;
}

/** The minimal hand-written pipeline users write, with the same Helm and plugin. */
async function handPipeline(server: ChartServer, version: string, work: string): Promise<number> {
  const home = await createIsolatedHelmHome();
  try {
    await installPluginFromArchive(pluginArchivePath('0.10.4'), home.pluginsDir, { helmMajor: 3 });
    const helm = helmBinary(HELM);
    const script = [
      'set -euo pipefail',
      `"$HELM" repo add bench "$REPO" --username "$USER_NAME" --password-stdin <<< "$PASS" >/dev/null`,
      `"$HELM" package charts/hello --version "$VERSION" -d "$OUT" >/dev/null`,
      `"$HELM" cm-push --force "$OUT/hello-$VERSION.tgz" bench >/dev/null`,
      `"$HELM" repo update bench >/dev/null`,
      `"$HELM" search repo bench/hello --version "$VERSION" | grep -q hello`,
      `mkdir -p "$OUT/pulled"`,
      `"$HELM" pull bench/hello --version "$VERSION" -d "$OUT/pulled" >/dev/null`,
    ].join('\n');
    const out = await mkdtemp(path.join(tmpdir(), 'hand-'));
    const env = {
      ...home.env,
      HELM: helm,
      REPO: server.repoUrl('team-a'),
      USER_NAME: USER,
      PASS: PASSWORD,
      VERSION: version,
      OUT: out,
    };
    const run = await timeChild('bash', ['-c', script], { env, cwd: work });
    if (run.code !== 0) throw new Error(`hand pipeline failed: ${run.output}`);
    await rm(out, { recursive: true, force: true });
    return run.seconds;
  } finally {
    await home.cleanup();
  }
}

/** A Harbor-style repository that overwrites silently, as Harbor and TCR do. */
function benchServer(namespaces: string[], latencyMs = 0): Promise<ChartServer> {
  return startChartServer({
    layout: 'harbor',
    users: { [USER]: PASSWORD },
    overwrite: 'silent',
    namespaces,
    latencyMs,
  });
}

async function benchSingle(ctx: Context): Promise<string[]> {
  const server = await benchServer(['team-a']);
  try {
    const hand: number[] = [];
    const plugin: number[] = [];
    const http: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      hand.push(await handPipeline(server, `1.0.${i}`, ctx.work));
      const step = (method: string, major: number): Promise<number> =>
        actionRun(
          ctx,
          actionInputs(ctx, server, {
            'push-method': method,
            version: `${String(major)}.0.${String(i)}`,
            'fetch-back': 'true',
          }),
        );
      plugin.push(await step('plugin', 2));
      http.push(await step('http', 3));
    }
    const h = median(hand);
    return [
      `| one chart → one repo, verify + fetch-back: hand-written pipeline | ${h.toFixed(2)} s | 1.00× |`,
      `| … helm-publish \`push-method: plugin\` | ${median(plugin).toFixed(2)} s | ${(median(plugin) / h).toFixed(2)}× |`,
      `| … helm-publish \`push-method: http\` | ${median(http).toFixed(2)} s | ${(median(http) / h).toFixed(2)}× |`,
    ];
  } finally {
    await server.close();
  }
}

async function benchFanOut(ctx: Context): Promise<string[]> {
  const namespaces = ['ns1', 'ns2', 'ns3', 'ns4', 'ns5'];
  const server = await benchServer(namespaces, 50);
  const dir = await mkdtemp(path.join(tmpdir(), 'fanout-'));
  try {
    for (let i = 0; i < 10; i++)
      await writeChartDir(path.join(dir, 'charts', `chart${i}`), {
        name: `chart${i}`,
        version: '1.0.0',
      });
    const base = (parallel: string, version: string): Record<string, string> => ({
      ...actionInputs(ctx, server, { 'push-method': 'http', 'fetch-back': 'true' }),
      charts: 'charts/*',
      namespaces: namespaces.join(','),
      parallel,
      version,
    });
    const serial: number[] = [];
    const parallel: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      serial.push(await actionRun(ctx, base('1', `1.0.${i}`), dir));
      parallel.push(await actionRun(ctx, base('4', `2.0.${i}`), dir));
    }
    const s = median(serial);
    const p = median(parallel);
    return [
      `| 10 charts × 5 namespaces, 50 ms per request, http + verify + fetch-back: \`parallel: 1\` | ${s.toFixed(2)} s | 1.00× |`,
      `| … \`parallel: 4\` | ${p.toFixed(2)} s | ${(p / s).toFixed(2)}× (speed-up ${(s / p).toFixed(2)}×) |`,
    ];
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchHugeIndex(ctx: Context): Promise<string[]> {
  const server = await benchServer(['big']);
  try {
    server.seedSyntheticIndex('big', { charts: 2000, versionsPerChart: 90 });
    const home = await createIsolatedHelmHome();
    let helmUpdate: ChildRun;
    try {
      const helm = helmBinary(HELM);
      const add = await timeChild(
        helm,
        ['repo', 'add', 'big', server.repoUrl('big'), '--username', USER, '--password-stdin'],
        { env: home.env, cwd: ctx.work, stdin: PASSWORD },
      );
      if (add.code !== 0) throw new Error(`helm repo add failed: ${add.output}`);
      helmUpdate = await timeChild(helm, ['repo', 'update', 'big'], {
        env: home.env,
        cwd: ctx.work,
        maxRss: true,
      });
      if (helmUpdate.code !== 0) throw new Error(`helm repo update failed: ${helmUpdate.output}`);
    } finally {
      await home.cleanup();
    }
    const indexBytes = server.indexSize('big');
    const runAction = async (extra: Record<string, string>): Promise<ChildRun> => {
      const inputs = actionInputs(ctx, server, {
        'push-method': 'http',
        namespaces: 'big',
        ...extra,
      });
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
      const runnerTemp = await mkdtemp(path.join(tmpdir(), 'runner-'));
      await writeFile(path.join(runnerTemp, 'out'), '');
      const run = await timeChild(process.execPath, [DIST_INDEX], {
        env: {
          ...process.env,
          ...env,
          RUNNER_TEMP: runnerTemp,
          RUNNER_TOOL_CACHE: ctx.toolCache,
          GITHUB_OUTPUT: path.join(runnerTemp, 'out'),
        },
        cwd: ctx.work,
        maxRss: true,
      });
      await rm(runnerTemp, { recursive: true, force: true });
      if (run.code !== 0) throw new Error(`action failed on the big index: ${run.output}`);
      return run;
    };
    const action = await runAction({ version: '9.9.9' });
    // With fetch-back, Helm pulls the chart back: GNU time reports the largest process of the
    // run, Helm included.
    const fetched = await runAction({ version: '9.9.10', 'fetch-back': 'true' });
    return [
      `| ${(indexBytes / 1e6).toFixed(0)} MB index.yaml (180,000 versions): \`helm repo update\` | ${helmUpdate.seconds.toFixed(2)} s, ${helmUpdate.maxRssMb?.toFixed(0)} MB RSS | 1.00× |`,
      `| … whole helm-publish run (exists-check, push, verify) | ${action.seconds.toFixed(2)} s, ${action.maxRssMb?.toFixed(0)} MB RSS | ${(action.seconds / helmUpdate.seconds).toFixed(2)}× |`,
      `| … the same with \`fetch-back: true\` (peak RSS of any process of the run, Helm's included) | ${fetched.seconds.toFixed(2)} s, ${fetched.maxRssMb?.toFixed(0)} MB RSS | ${(fetched.seconds / helmUpdate.seconds).toFixed(2)}× |`,
    ];
  } finally {
    await server.close();
  }
}

/**
 * Time from spawning `node dist/index.js` to its first line of output: with no tool cache (no
 * compile cache, as on a fresh hosted runner) and with a warm one.
 */
async function benchStartup(): Promise<string[]> {
  const toolCache = await mkdtemp(path.join(tmpdir(), 'startup-tools-'));
  const env = {
    ...process.env,
    'INPUT_REPO-URL': 'https://example.invalid/chartrepo/{namespace}',
    INPUT_NAMESPACES: 'a',
    INPUT_CHARTS: 'examples/charts/hello',
    'INPUT_DRY-RUN': 'true',
    'INPUT_HELM-MIRROR': 'http://127.0.0.1:9',
  };
  const sample = async (runnerToolCache: string | undefined): Promise<number> => {
    const run = await timeChild(process.execPath, [DIST_INDEX], {
      env: { ...env, RUNNER_TOOL_CACHE: runnerToolCache },
      cwd: REPO_ROOT,
      firstOutput: true,
    });
    return run.seconds * 1000;
  };
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    // Node writes its compile cache when the process exits; the samples are cut short.
    await timeChild(process.execPath, [DIST_INDEX], {
      env: { ...env, RUNNER_TOOL_CACHE: toolCache },
      cwd: REPO_ROOT,
    });
    for (let i = 0; i < 9; i++) {
      cold.push(await sample(undefined));
      warm.push(await sample(toolCache));
    }
  } finally {
    await rm(toolCache, { recursive: true, force: true });
  }
  let size = 0;
  for (const f of await readdir(path.join(REPO_ROOT, 'dist')))
    size += (await stat(path.join(REPO_ROOT, 'dist', f))).size;
  return [
    `| start-up: \`node dist/index.js\` to its first log line, no tool cache (median of 9) | ${median(cold).toFixed(0)} ms | target ≤ 150 ms |`,
    `| … with Node's compile cache in a warm tool cache (median of 9) | ${median(warm).toFixed(0)} ms | |`,
    `| size of \`dist/\` | ${(size / 1e6).toFixed(2)} MB | target ≤ 2 MB |`,
  ];
}

async function main(): Promise<void> {
  await ensureHelmBinary(HELM);
  await buildHelmMirror(HELM_MIRROR_DIR, [HELM]);
  await buildPluginRelease(HELM_PUSH_MIRROR_DIR, '0.10.4');
  const ctx: Context = {
    helmMirror: await startStaticServer(HELM_MIRROR_DIR),
    pushMirror: await startStaticServer(HELM_PUSH_MIRROR_DIR),
    toolCache: await mkdtemp(path.join(tmpdir(), 'bench-tools-')),
    work: await mkdtemp(path.join(tmpdir(), 'bench-work-')),
  };
  await cp(
    path.join(REPO_ROOT, 'examples', 'charts', 'hello'),
    path.join(ctx.work, 'charts', 'hello'),
    { recursive: true },
  );
  const only = process.argv[2];
  try {
    // Warm the tool cache (Helm and plugin) so every measured run is a warm run.
    const warm = await benchServer(['team-a']);
    await actionRun(ctx, actionInputs(ctx, warm, { 'push-method': 'plugin', version: '0.0.1' }));
    await warm.close();
    const rows = ['| measurement | result | ratio |', '|---|---|---|'];
    const add = (lines: string[]): void => {
      rows.push(...lines);
      for (const line of lines) console.log(`ROW ${line}`);
    };
    if (only === undefined || only === 'single') add(await benchSingle(ctx));
    if (only === undefined || only === 'fanout') add(await benchFanOut(ctx));
    if (only === undefined || only === 'index') add(await benchHugeIndex(ctx));
    if (only === undefined || only === 'cold') {
      const server = await benchServer(['team-a']);
      const cold = { helm: HELM, plugin: '0.10.4', user: USER, password: PASSWORD, runs: RUNS };
      const urls = { helmMirrorUrl: ctx.helmMirror.url, pushMirrorUrl: ctx.pushMirror.url };
      add(
        await benchCold({ ...cold, ...urls, work: ctx.work }, server).finally(() => server.close()),
      );
    }
    if (only === undefined || only === 'startup') add(await benchStartup());
    console.log(
      `\n${rows.join('\n')}\n\n(${RUNS} runs each, medians; node ${process.version}; ${new Date().toISOString()})`,
    );
    console.log(
      (await readFile('/proc/cpuinfo', 'utf8')).match(/model name\s*:\s*(.*)/)?.[1] ?? '',
    );
  } finally {
    await ctx.helmMirror.close();
    await ctx.pushMirror.close();
    await rm(ctx.toolCache, { recursive: true, force: true });
    await rm(ctx.work, { recursive: true, force: true });
  }
}

await main();
