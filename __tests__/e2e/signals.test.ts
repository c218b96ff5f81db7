// A run ended by a signal (Ctrl-C, a cancelled CI job, a closed terminal) removes its Helm home,
// with the credentials in it, and exits 128 + the signal number. The chart server stalls the
// upload or the verification read so that the signal lands there.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOME_PREFIX } from '../../src/helm/home.js';
import { DIST_CLI, DIST_INDEX, inputEnv } from '../../test/support/action-runner.js';
import type { RecordedRequest } from '../../test/support/chart-server.js';
import { helloFlags } from '../../test/support/cli-flags.js';
import { useE2eServer } from '../../test/support/e2e-fixture.js';

const PASSWORD = 'signal-test-secret';
/** Far longer than the test waits: the run can only end through the signal. */
const STALL_MS = 60_000;

const fx = useE2eServer('signals', ['hello'], { layout: 'harbor', users: { robot: PASSWORD } });

/** Waits (bounded) until the server has seen what `seen` looks for. */
async function waitFor(seen: (requests: RecordedRequest[]) => boolean): Promise<void> {
  for (let i = 0; i < 1200 && !seen(fx.server.requests); i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!seen(fx.server.requests)) throw new Error('the run never reached the stalled request');
}

const stages = {
  push: (requests: RecordedRequest[]) =>
    requests.some((r) => r.method === 'POST' && r.status === 0),
  verify: (requests: RecordedRequest[]) =>
    requests.some((r) => r.method === 'POST' && r.status === 201) &&
    requests.some((r) => r.path.endsWith('index.yaml') && r.status === 0),
};

function stall(stage: keyof typeof stages): void {
  fx.server.clearFaults();
  fx.server.requests.length = 0;
  if (stage === 'push') fx.server.addFault({ route: 'upload', delayMs: STALL_MS });
  // The first index read is the check before the push; the next one is verification's.
  else fx.server.addFault({ route: 'index', skip: 1, delayMs: STALL_MS });
}

async function signalled(
  child: ChildProcess,
  temp: string,
  stage: keyof typeof stages,
  signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP',
): Promise<{ code: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await waitFor(stages[stage]);
  // The home with the credentials exists while the run is stalled.
  expect((await readdir(temp)).filter((f) => f.startsWith(HOME_PREFIX))).toHaveLength(1);
  child.kill(signal);
  return { code: await closed, output };
}

describe('the CLI', () => {
  it.each([
    ['SIGINT', 'push'],
    ['SIGTERM', 'verify'],
    ['SIGHUP', 'push'],
    ['SIGINT', 'verify'],
  ] as const)('%s mid-%s removes the Helm home and exits 128 + signal', async (signal, stage) => {
    stall(stage);
    const temp = await mkdtemp(path.join(fx.env.work, 'temp-'));
    const version = `1.0.${signal.length}-${stage}`;
    const child = spawn(
      process.execPath,
      [DIST_CLI, ...helloFlags(fx, version), ...['--password-stdin', '--retries', '0']],
      {
        cwd: fx.env.work,
        env: { PATH: process.env.PATH ?? '', HOME: fx.env.work, RUNNER_TEMP: temp },
      },
    );
    child.stdin.end(PASSWORD);
    const { code, output } = await signalled(child, temp, stage, signal);
    expect(code).toBe(128 + constants.signals[signal]);
    expect(output).toContain(`stopped by ${signal}; removed the Helm home`);
    expect(await readdir(temp)).toEqual([]);
  });
});

describe('the action', () => {
  it('SIGTERM mid-push (a cancelled job) removes the Helm home before the post step', async () => {
    stall('push');
    const temp = await mkdtemp(path.join(fx.env.work, 'action-temp-'));
    const tools = path.join(fx.env.work, 'action-tools');
    await mkdir(tools, { recursive: true });
    const child = spawn(process.execPath, [DIST_INDEX], {
      cwd: fx.env.work,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: fx.env.work,
        RUNNER_TEMP: temp,
        RUNNER_TOOL_CACHE: tools,
        ...inputEnv({
          charts: 'charts/hello',
          'repo-url': fx.server.repoUrl('team-a'),
          username: 'robot',
          password: PASSWORD,
          version: '1.1.0',
          'push-method': 'http',
          'helm-mirror': fx.env.helmMirror.url,
          retries: '0',
        }),
      },
    });
    const { code, output } = await signalled(child, temp, 'push', 'SIGTERM');
    expect(code).toBe(128 + constants.signals.SIGTERM);
    expect(output).toContain('stopped by SIGTERM; removed the Helm home');
    expect(await readdir(temp)).toEqual([]);
  });
});
