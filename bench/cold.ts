// The cold-runner scenario: an empty tool cache every run, as on every GitHub-hosted job. The
// by-hand baseline downloads, checks and unpacks Helm and helm-push from the same loopback
// mirrors, then publishes as the vendor manuals do; helm-publish runs with `plugin` and `http`.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { installHelm } from '../src/helm/install.js';
import { detectPlatform } from '../src/helm/platform.js';
import { HttpClient } from '../src/http/client.js';
import { cacheHelmPush } from '../src/repo/plugin.js';
import { runAction } from '../test/support/action-runner.js';
import type { ChartServer } from '../test/support/chart-server.js';
import { createIsolatedHelmHome, helmArchivePath } from '../test/support/fixtures.js';

export interface ColdContext {
  helmMirrorUrl: string;
  pushMirrorUrl: string;
  work: string;
  helm: string;
  plugin: string;
  user: string;
  password: string;
  runs: number;
}

const HAND_SCRIPT = [
  'set -euo pipefail',
  'cd "$OUT"',
  'A="helm-$HELM_VERSION-linux-amd64.tar.gz"',
  'curl -fsS -o "$A" "$HELM_MIRROR/$A" -o "$A.sha256sum" "$HELM_MIRROR/$A.sha256sum"',
  'sha256sum -c "$A.sha256sum" >/dev/null',
  'tar xzf "$A"',
  'P="helm-push_${PLUGIN}_linux_amd64.tar.gz"',
  'curl -fsS -o "$P" "$PUSH_MIRROR/v$PLUGIN/$P" -o sums.txt "$PUSH_MIRROR/v$PLUGIN/helm-push_${PLUGIN}_checksums.txt"',
  'grep " $P\\$" sums.txt | sha256sum -c >/dev/null',
  'mkdir -p "$HELM_PLUGINS/helm-push" && tar xzf "$P" -C "$HELM_PLUGINS/helm-push"',
  'H="$OUT/linux-amd64/helm"',
  'cd "$WORK"',
  '"$H" repo add bench "$REPO" --username "$USER_NAME" --password-stdin <<< "$PASS" >/dev/null',
  '"$H" package charts/hello --version "$VERSION" -d "$OUT" >/dev/null',
  '"$H" cm-push --force "$OUT/hello-$VERSION.tgz" bench >/dev/null',
  '"$H" repo update bench >/dev/null',
  '"$H" search repo bench/hello --version "$VERSION" | grep -q hello',
  'mkdir -p "$OUT/pulled"',
  '"$H" pull bench/hello --version "$VERSION" -d "$OUT/pulled" >/dev/null',
].join('\n');

function timeBash(script: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve((performance.now() - start) / 1000);
      else reject(new Error(`by-hand pipeline failed: ${err}`));
    });
  });
}

async function handCold(ctx: ColdContext, server: ChartServer, version: string): Promise<number> {
  const home = await createIsolatedHelmHome();
  const out = await mkdtemp(path.join(tmpdir(), 'cold-hand-'));
  try {
    return await timeBash(HAND_SCRIPT, {
      ...home.env,
      OUT: out,
      WORK: ctx.work,
      HELM_VERSION: ctx.helm,
      HELM_MIRROR: ctx.helmMirrorUrl,
      PUSH_MIRROR: ctx.pushMirrorUrl,
      PLUGIN: ctx.plugin,
      REPO: server.repoUrl('team-a'),
      USER_NAME: ctx.user,
      PASS: ctx.password,
      VERSION: version,
    });
  } finally {
    await home.cleanup();
    await rm(out, { recursive: true, force: true });
  }
}

async function actionCold(
  ctx: ColdContext,
  server: ChartServer,
  method: string,
  version: string,
  warm = false,
  given?: string,
): Promise<number> {
  const toolCache = given ?? (await mkdtemp(path.join(tmpdir(), 'cold-tools-')));
  try {
    // Warm: the same run on a tool cache a first run filled, to split set-up from publish.
    if (warm) await actionCold(ctx, server, method, `${version}-fill`, false, toolCache);
    const run = await runAction(
      {
        charts: 'charts/hello',
        'repo-url': server.repoUrl('{namespace}'),
        namespaces: 'team-a',
        username: ctx.user,
        password: ctx.password,
        'helm-version': ctx.helm,
        'helm-mirror': ctx.helmMirrorUrl,
        'helm-push-mirror': ctx.pushMirrorUrl,
        'push-method': method,
        'if-exists': 'overwrite',
        'fetch-back': 'true',
        summary: 'false',
        version,
      },
      { cwd: ctx.work, toolCache, post: true },
    );
    await rm(run.runnerTemp, { recursive: true, force: true });
    if (run.exitCode !== 0) throw new Error(`action failed:\n${run.stdout}\n${run.stderr}`);
    return run.seconds.main + run.seconds.post;
  } finally {
    if (given === undefined) await rm(toolCache, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) / 1000;
}

/** Where the action's cold set-up goes: each phase alone, then the overlapped whole. */
async function breakdown(ctx: ColdContext): Promise<string[]> {
  const archive = await readFile(helmArchivePath(ctx.helm));
  const http = new HttpClient({ timeoutSeconds: 60, retries: 0, logger: silent });
  const toolCache = await mkdtemp(path.join(tmpdir(), 'cold-phases-'));
  const previous = process.env.RUNNER_TOOL_CACHE;
  process.env.RUNNER_TOOL_CACHE = toolCache;
  try {
    const url = `${ctx.helmMirrorUrl}/${path.basename(helmArchivePath(ctx.helm))}`;
    const download = await timed(async () => {
      const response = await http.request(url);
      await discardAll(response.body);
    });
    const hash = await timed(() => Promise.resolve(createHash('sha256').update(archive).digest()));
    const gunzip = await timed(() =>
      Promise.resolve(gunzipSync(archive, { chunkSize: 256 * 1024 })),
    );
    const options = { mirror: ctx.helmMirrorUrl, http, platform: detectPlatform(), logger: silent };
    // The hand script's own tools on the same file, as the floor for decompress and extract.
    const file = helmArchivePath(ctx.helm);
    const gzip = await timeBash('gzip -dc "$F" >/dev/null', { PATH: process.env.PATH, F: file });
    const tarX = await timeBash('tar xzf "$F" -C "$D"', {
      PATH: process.env.PATH,
      F: file,
      D: toolCache,
    });
    const helm = await timed(() => installHelm(ctx.helm, { ...options, tempDir: toolCache }));
    const plugin = await timed(() =>
      cacheHelmPush({
        ...options,
        version: ctx.plugin,
        mirror: ctx.pushMirrorUrl,
        tempDir: toolCache,
      }),
    );
    const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;
    return [
      `| cold set-up, each phase alone: download ${ms(download)}, hash ${ms(hash)}, node gunzip ${ms(gunzip)}, \`gzip -dc\` ${ms(gzip)}, \`tar xzf\` ${ms(tarX)} (Helm ${ctx.helm}, ${(archive.length / 1e6).toFixed(1)} MB) | | |`,
      `| … Helm's whole streaming install (download ∥ hash ∥ gunzip ∥ audit ∥ write, rename into the cache) | ${ms(helm)} | |`,
      `| … helm-push into the cache (alone; in a run it overlaps Helm's) | ${ms(plugin)} | |`,
    ];
  } finally {
    await http.close();
    if (previous === undefined) delete process.env.RUNNER_TOOL_CACHE;
    else process.env.RUNNER_TOOL_CACHE = previous;
    await rm(toolCache, { recursive: true, force: true });
  }
}

const silent = {
  info: () => undefined,
  debug: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  setSecret: () => undefined,
  group: <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn(),
};

export async function benchCold(ctx: ColdContext, server: ChartServer): Promise<string[]> {
  const hand: number[] = [];
  const plugin: number[] = [];
  const http: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    hand.push(await handCold(ctx, server, `5.0.${String(i)}`));
    plugin.push(await actionCold(ctx, server, 'plugin', `6.0.${String(i)}`));
    http.push(await actionCold(ctx, server, 'http', `7.0.${String(i)}`));
    warm.push(await actionCold(ctx, server, 'plugin', `8.0.${String(i)}`, true));
  }
  const h = median(hand);
  const row = (label: string, values: number[]): string =>
    `| ${label} | ${median(values).toFixed(2)} s | ${(median(values) / h).toFixed(2)}× |`;
  return [
    `| cold runner (empty tool cache), one chart, verify + fetch-back: by hand (curl, sha256sum -c, tar xzf, plugin unpacked, then the hand pipeline) | ${h.toFixed(2)} s | 1.00× |`,
    row('… helm-publish `push-method: plugin`, cold (main + post)', plugin),
    row('… helm-publish `push-method: http`, cold (main + post)', http),
    row('… helm-publish `push-method: plugin`, warm tool cache (publish alone)', warm),
    ...(await breakdown(ctx)),
  ];
}

async function discardAll(body: AsyncIterable<unknown>): Promise<void> {
  const iterator = body[Symbol.asyncIterator]();
  while (!(await iterator.next()).done);
}
