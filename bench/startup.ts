// Start-up of `node dist/index.js`, cold and with a warm compile cache, and the size of dist/.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DIST_INDEX } from '../test/support/action-runner.js';
import { REPO_ROOT } from '../test/support/fixtures.js';
import { median, timeChild } from './timing.js';

/**
 * Time from spawning `node dist/index.js` to its first line of output (the password's mask, once
 * the bundle is loaded and the inputs read): with an empty tool cache (no compile cache, as on a
 * fresh hosted runner) and with a warm one.
 */
export async function benchStartup(): Promise<string[]> {
  const toolCache = await mkdtemp(path.join(tmpdir(), 'startup-tools-'));
  const env = {
    ...process.env,
    'INPUT_REPO-URL': 'https://example.invalid/chartrepo/{namespace}',
    INPUT_NAMESPACES: 'a',
    INPUT_CHARTS: 'examples/charts/hello',
    'INPUT_DRY-RUN': 'true',
    'INPUT_HELM-MIRROR': 'http://127.0.0.1:9',
    INPUT_USERNAME: 'bench',
    INPUT_PASSWORD: 'startup-probe',
  };
  const sample = async (runnerToolCache: string): Promise<number> => {
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
      const empty = await mkdtemp(path.join(tmpdir(), 'startup-empty-'));
      cold.push(await sample(empty).finally(() => rm(empty, { recursive: true, force: true })));
      warm.push(await sample(toolCache));
    }
  } finally {
    await rm(toolCache, { recursive: true, force: true });
  }
  let size = 0;
  for (const f of await readdir(path.join(REPO_ROOT, 'dist')))
    size += (await stat(path.join(REPO_ROOT, 'dist', f))).size;
  return [
    `| start-up: \`node dist/index.js\` to its first line, empty tool cache (median of 9) | ${median(cold).toFixed(0)} ms | target ≤ 150 ms |`,
    `| … with Node's compile cache in a warm tool cache (median of 9) | ${median(warm).toFixed(0)} ms | |`,
    `| size of \`dist/\` | ${(size / 1e6).toFixed(2)} MB | target ≤ 2 MB |`,
  ];
}
