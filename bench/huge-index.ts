// A 64 MB index.yaml: `helm repo update` against a whole helm-publish run, time and peak RSS.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST_INDEX } from '../test/support/action-runner.js';
import { createIsolatedHelmHome, helmBinary } from '../test/support/fixtures.js';
import { actionInputs, benchServer, HELM, PASSWORD, USER, type Context } from './context.js';
import { timeChild, type ChildRun } from './timing.js';

export async function benchHugeIndex(ctx: Context): Promise<string[]> {
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
