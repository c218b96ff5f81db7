// What the CLI tests share: the flags of a plain `push-method: http` run, and an e2e folder with
// a chart server that lives as long as the enclosing describe block (or file).
import { afterAll, beforeAll } from 'vitest';
import { startChartServer, type ChartServer, type ChartServerOptions } from './chart-server.js';
import { startE2eEnv, type E2eEnv } from './e2e-env.js';

export interface PublishFlags {
  charts: string;
  repoUrl: string;
  version?: string;
  helmMirror: string;
  toolCache: string;
  namespaces?: string;
  username?: string;
}

/** `helm-publish` flags for an http push of `charts`; tests add the flags they are about. */
export function publishFlags(flags: PublishFlags): string[] {
  const { charts, repoUrl, version, helmMirror, toolCache, namespaces, username } = flags;
  return [
    ...['--charts', charts, '--repo-url', repoUrl],
    ...(namespaces === undefined ? [] : ['--namespaces', namespaces]),
    ...(username === undefined ? [] : ['--username', username]),
    ...(version === undefined ? [] : ['--chart-version', version]),
    '--push-method',
    'http',
    ...['--helm-mirror', helmMirror, '--tool-cache', toolCache],
  ];
}

export interface E2eServer {
  readonly env: E2eEnv;
  readonly server: ChartServer;
}

/** Starts an e2e folder (`startE2eEnv`) and a chart server before the block's tests, closes both after. */
export function useE2eServer(
  name: string,
  charts: string[],
  options: ChartServerOptions,
): E2eServer {
  let env: E2eEnv | undefined;
  let server: ChartServer | undefined;
  beforeAll(async () => {
    env = await startE2eEnv(name, charts);
    server = await startChartServer(options);
  });
  afterAll(async () => {
    await server?.close();
    await env?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useE2eServer: read before its beforeAll ran');
    return value;
  };
  return {
    get env() {
      return started(env);
    },
    get server() {
      return started(server);
    },
  };
}
