// One chart to one repository: the hand-written pipeline against both HTTP push methods.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChartServer } from '../test/support/chart-server.js';
import { createIsolatedHelmHome, helmBinary, pluginArchivePath } from '../test/support/fixtures.js';
import { installPluginFromArchive } from '../test/support/plugin-release.js';
import {
  actionInputs,
  actionRun,
  benchServer,
  HELM,
  PASSWORD,
  RUNS,
  USER,
  type Context,
} from './context.js';
import { median, timeChild } from './timing.js';

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

export async function benchSingle(ctx: Context): Promise<string[]> {
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
