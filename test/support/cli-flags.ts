// The CLI flags of a plain `push-method: http` run, shared by the CLI tests.
import path from 'node:path';
import type { E2eServer } from './e2e-fixture.js';

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

/** charts/hello to namespace team-a of `fx.server` as `robot`, with a tool cache under the folder. */
export function helloFlags(fx: E2eServer, version?: string): string[] {
  return publishFlags({
    charts: 'charts/hello',
    repoUrl: fx.server.repoUrl('team-a'),
    username: 'robot',
    version,
    helmMirror: fx.env.helmMirror.url,
    toolCache: path.join(fx.env.work, 'tools'),
  });
}
