// The bundle's start-up: the HTTP client (Node's http and https) is loaded only when the action
// first sends a request, and no undici at all: neither a bundled copy (@actions/core would
// bring one with @actions/http-client, which the bundle replaces) nor Node's own (behind the
// global FormData and fetch; evaluating it took about a third of a start-up). An --import probe
// records which of these Node built-ins the main process loaded.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runAction } from '../../test/support/action-runner.js';
import { startChartServer } from '../../test/support/chart-server.js';
import { startE2eEnv, type E2eEnv } from '../../test/support/e2e-env.js';

let env: E2eEnv;
let probe: string;
let report: string;

beforeAll(async () => {
  env = await startE2eEnv('startup');
  probe = path.join(env.work, 'probe.mjs');
  report = path.join(env.work, 'probe.jsonl');
  await writeFile(
    probe,
    `import { appendFileSync } from 'node:fs';
process.on('exit', () => {
  const loaded = process.moduleLoadList.filter((m) => /^NativeModule (http|https|http2|internal\\/deps\\/undici\\/undici)$/.test(m));
  appendFileSync(${JSON.stringify(report)}, JSON.stringify({ argv: process.argv[1], loaded }) + '\\n');
});
`,
  );
});
afterAll(() => env.close());

/** What the main step (dist/index.js) loaded, per the probe. */
async function mainStepLoaded(): Promise<string[]> {
  const lines = (await readFile(report, 'utf8')).trim().split('\n');
  await rm(report);
  const main = lines
    .map((l) => JSON.parse(l) as { argv: string; loaded: string[] })
    .filter((r) => r.argv.endsWith(`${path.sep}index.js`));
  expect(main).toHaveLength(1);
  return main[0]?.loaded ?? [];
}

it('loads http and https for the first request, nothing when nothing is sent, and never undici', async () => {
  const server = await startChartServer({ users: { u: 'p' } });
  const options = {
    cwd: env.work,
    toolCache: env.toolCache,
    env: { NODE_OPTIONS: `--import=${probe}` },
  };
  const inputs = {
    charts: 'charts/hello',
    'repo-url': server.repoUrl('{namespace}'),
    namespaces: 'team-a',
    username: 'u',
    password: 'p',
    'helm-mirror': env.helmMirror.url,
    'helm-push-mirror': env.pushMirror.url,
    'push-method': 'http',
  };
  try {
    // Installs Helm into the tool cache and publishes: requests, so http and https are loaded.
    const published = await runAction(inputs, options);
    expect(published.exitCode).toBe(0);
    expect(server.charts('team-a')).toHaveLength(1);
    expect(await mainStepLoaded()).toEqual(['NativeModule http', 'NativeModule https']);

    // Helm from the tool cache, `helm package`, no upload: no request, so no HTTP client.
    const dry = await runAction({ ...inputs, 'dry-run': 'true', version: '9.9.9' }, options);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('hello');
    expect(server.requests.filter((r) => r.path.includes('9.9.9'))).toEqual([]);
    expect(await mainStepLoaded()).toEqual([]);
  } finally {
    await server.close();
  }
});
