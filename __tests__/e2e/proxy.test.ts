// HTTP_PROXY / NO_PROXY through the built action: its own requests (Helm download from the mirror,
// index reads, uploads) go through the proxy, with the proxy's credentials, unless NO_PROXY names
// the host. (Helm's own requests are Go's business: Go never proxies loopback addresses.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chartRows,
  failureMessage,
  runAction,
  removeRunDirs,
} from '../../test/support/action-runner.js';
import { e2eInputs } from '../../test/support/e2e-env.js';
import { useE2eServer } from '../../test/support/e2e-fixture.js';
import { startProxy, type TestProxy } from '../../test/support/proxy.js';
import { startRegistry } from '../../test/support/registry.js';

const USER = 'proxy-user';
const PASSWORD = 'proxy-test-secret';

const fx = useE2eServer('proxy', ['hello'], { layout: 'harbor', users: { [USER]: PASSWORD } });
let proxy: TestProxy;

beforeAll(async () => {
  // The runs inherit this process's environment: no proxy settings of its own.
  delete process.env.http_proxy;
  delete process.env.https_proxy;
  delete process.env.no_proxy;
  delete process.env.HTTPS_PROXY;
  proxy = await startProxy();
});
afterAll(() => proxy.close());

function inputs(version: string): Record<string, string> {
  return e2eInputs(fx.env, fx.server, {
    username: USER,
    password: PASSWORD,
    'helm-version': 'v3.18.0',
    'push-method': 'http',
    version,
  });
}

const serverHost = (): string => new URL(fx.server.repoUrl('x')).host;
const mirrorHost = (): string => new URL(fx.env.helmMirror.url).host;

/** Publishes one version with these proxy variables; returns the proxy's lines for that run. */
async function publishWith(
  version: string,
  proxyEnv: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<string[]> {
  proxy.records.length = 0;
  const run = await runAction(
    { ...inputs(version), ...extra },
    { cwd: fx.env.work, env: proxyEnv },
  );
  await removeRunDirs(run);
  expect(failureMessage(run)).toBe('');
  expect(chartRows(run).map((r) => [r.status, r.verified])).toEqual([['pushed', true]]);
  return proxy.records.map((r) => r.line);
}

describe('proxy settings', () => {
  it('sends the action’s requests through HTTP_PROXY, with the proxy URL’s credentials', async () => {
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = 'squid';
    proxyUrl.password = 'proxy-pass';
    const through = await publishWith('1.0.0', { HTTP_PROXY: proxyUrl.toString() });
    // http:// URLs go to the proxy in absolute form, as Helm (Go) sends them.
    expect(through).toContainEqual(expect.stringMatching(`^GET http://${mirrorHost()}/`));
    expect(through).toContain(`GET http://${serverHost()}/chartrepo/team-a/index.yaml`);
    expect(through).toContain(`POST http://${serverHost()}/api/chartrepo/team-a/charts`);
    const expected = `Basic ${Buffer.from('squid:proxy-pass').toString('base64')}`;
    for (const r of proxy.records) expect(r.proxyAuthorization).toBe(expected);
  });

  it('takes HTTP_PROXY when http_proxy is set but empty, as Helm does', async () => {
    const through = await publishWith('1.0.1', { http_proxy: '', HTTP_PROXY: proxy.url });
    expect(through).toContain(`POST http://${serverHost()}/api/chartrepo/team-a/charts`);
  });

  it('goes direct to hosts NO_PROXY names', async () => {
    const through = await publishWith('1.0.2', {
      HTTP_PROXY: proxy.url,
      NO_PROXY: '127.0.0.1',
    });
    expect(through).toEqual([]);
  });
});

describe('proxy settings for https:// URLs', () => {
  it('tunnel through HTTPS_PROXY with CONNECT, trusting `ca-file`; HTTP_PROXY alone does not apply', async () => {
    const registry = await startRegistry({ user: USER, password: PASSWORD, tls: true });
    const oci = {
      'repo-url': `oci://${registry.host}/{namespace}`,
      'push-method': 'oci',
      'ca-file': registry.caFile ?? '',
    };
    try {
      for (const [version, proxyEnv, expected] of [
        ['1.1.0', { HTTPS_PROXY: proxy.url }, [`CONNECT ${registry.host}`]],
        // As Go reads them: HTTP_PROXY is for http:// URLs only.
        ['1.1.1', { HTTP_PROXY: proxy.url }, []],
      ] as const) {
        const through = await publishWith(version, proxyEnv, oci);
        const toRegistry = through.filter((line) => line.includes(registry.host));
        expect([...new Set(toRegistry)]).toEqual(expected);
      }
      expect(await registry.tags('team-a/hello')).toEqual(['1.1.0', '1.1.1']);
    } finally {
      await registry.stop();
    }
  });
});
