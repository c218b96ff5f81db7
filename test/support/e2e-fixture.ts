// The e2e set-up most test files share, as vitest hooks: an e2e folder (`startE2eEnv`), alone or
// with a chart server, started before the enclosing block's tests (or the file's) and closed after.
import { afterAll, beforeAll, expect } from 'vitest';
import { failureMessage, runAction, type ActionRun } from './action-runner.js';
import {
  startChartServer,
  type ChartServer,
  type ChartServerOptions,
  type Fault,
} from './chart-server.js';
import { e2eInputs, FAST_RETRY_ENV, startE2eEnv, type E2eEnv } from './e2e-env.js';

function started<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('an e2e fixture was read before its beforeAll ran');
  return value;
}

/** An `E2eEnv` for the enclosing block, readable from its hooks and tests. */
export function useE2eEnv(name: string, charts?: string[]): E2eEnv {
  let env: E2eEnv | undefined;
  beforeAll(async () => {
    env = await startE2eEnv(name, charts);
  });
  afterAll(() => env?.close());
  return {
    get helmMirror() {
      return started(env).helmMirror;
    },
    get pushMirror() {
      return started(env).pushMirror;
    },
    get work() {
      return started(env).work;
    },
    get toolCache() {
      return started(env).toolCache;
    },
    close: () => started(env).close(),
  };
}

export interface E2eServer {
  readonly env: E2eEnv;
  readonly server: ChartServer;
}

/** An e2e folder and a chart server for the enclosing block. */
export function useE2eServer(
  name: string,
  charts: string[],
  options: ChartServerOptions,
): E2eServer {
  const env = useE2eEnv(name, charts);
  let server: ChartServer | undefined;
  beforeAll(async () => {
    server = await startChartServer(options);
  });
  afterAll(() => server?.close());
  return {
    env,
    get server() {
      return started(server);
    },
  };
}

/** Runs `body` against a chart server of its own, closed afterwards however `body` ends. */
export async function withChartServer<T>(
  options: ChartServerOptions,
  body: (server: ChartServer) => Promise<T>,
): Promise<T> {
  const server = await startChartServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

export interface ServerRun {
  readonly server: ChartServer;
  readonly run: ActionRun;
}

/** A chart server of the block's own and one run against it, before its tests; closed after. */
export function useServerRun(
  options: ChartServerOptions,
  start: (server: ChartServer) => Promise<ActionRun>,
): ServerRun {
  let server: ChartServer | undefined;
  let run: ActionRun | undefined;
  beforeAll(async () => {
    server = await startChartServer(options);
    run = await start(server);
  });
  afterAll(() => server?.close());
  return {
    get server() {
      return started(server);
    },
    get run() {
      return started(run);
    },
  };
}

export interface PublishWith {
  env: E2eEnv;
  user: string;
  password: string;
  /** Server options, over `users: { [user]: password }`. */
  server: ChartServerOptions;
  faults?: Fault[];
  /** Inputs over the http push with a 2 s request timeout. */
  inputs?: Record<string, string>;
  cwd?: string;
}

/** One action run against a chart server of its own (closed again), with fast retries. */
export async function publishWith(
  options: PublishWith,
): Promise<{ run: ActionRun; server: ChartServer }> {
  const { env, user, password, faults = [] } = options;
  const server = await startChartServer({ users: { [user]: password }, ...options.server });
  for (const f of faults) server.addFault(f);
  try {
    const inputs = e2eInputs(env, server, {
      username: user,
      password,
      'push-method': 'http',
      'request-timeout': '2',
      ...options.inputs,
    });
    const run = await runAction(inputs, {
      cwd: options.cwd ?? env.work,
      toolCache: env.toolCache,
      env: FAST_RETRY_ENV,
    });
    return { run, server };
  } finally {
    await server.close();
  }
}

/**
 * `publishWith` with a file's folder, account and input defaults bound:
 * `(server, faults, inputs, { cwd })`, where `inputs` go over `defaults`.
 */
export function publisher(
  env: E2eEnv,
  account: { user: string; password: string },
  defaults: Record<string, string>,
): (
  server: ChartServerOptions,
  faults?: Fault[],
  inputs?: Record<string, string>,
  options?: { cwd?: string },
) => Promise<{ run: ActionRun; server: ChartServer }> {
  return (server, faults = [], inputs = {}, options = {}) =>
    publishWith({
      env,
      ...account,
      server,
      faults,
      inputs: { ...defaults, ...inputs },
      cwd: options.cwd,
    });
}

/** `useE2eEnv(name)` and a `publisher` over it. */
export function useE2ePublisher(
  name: string,
  account: { user: string; password: string },
  defaults: Record<string, string>,
): { env: E2eEnv; publish: ReturnType<typeof publisher> } {
  const env = useE2eEnv(name);
  return { env, publish: publisher(env, account, defaults) };
}

/** Runs the action in `env`, expects it to fail with `message`, and returns the run. */
export async function expectActionFailure(
  env: E2eEnv,
  inputs: Record<string, string>,
  message: RegExp,
): Promise<ActionRun> {
  const run = await runAction(inputs, { cwd: env.work, toolCache: env.toolCache });
  expect(run.exitCode).not.toBe(0);
  expect(failureMessage(run)).toMatch(message);
  return run;
}

/** How many uploads the server saw. */
export const posts = (server: ChartServer): number =>
  server.requests.filter((r) => r.method === 'POST').length;
