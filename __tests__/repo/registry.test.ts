import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/logger.js';
import {
  HELM_CHART_LAYER,
  RegistryClient,
  ociTag,
  parseChallenge,
} from '../../src/repo/registry.js';
import { parseOciUrl } from '../../src/repo/oci.js';

describe('ociTag', () => {
  it('stores build metadata under _ like Helm', () => {
    expect(ociTag('1.2.3+build.7')).toBe('1.2.3_build.7');
    expect(ociTag('1.2.3-rc.1')).toBe('1.2.3-rc.1');
  });
});

describe('parseOciUrl', () => {
  it('splits host and namespace path', () => {
    expect(parseOciUrl('oci://reg.example.com:5000/team/sub')).toEqual({
      host: 'reg.example.com:5000',
      path: 'team/sub',
    });
    expect(parseOciUrl('oci://reg.example.com')).toEqual({ host: 'reg.example.com', path: '' });
  });
});

describe('parseChallenge', () => {
  it('reads quoted parameters, with commas inside quotes', () => {
    expect(
      parseChallenge(
        'Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull,push"',
      ),
    ).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://auth.example.com/token',
        service: 'registry',
        scope: 'repository:a/b:pull,push',
      },
    });
    expect(parseChallenge('Basic realm="x"')?.scheme).toBe('basic');
  });
});

describe('RegistryClient token flow', () => {
  const seen: string[] = [];
  let server: http.Server;
  let host = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers.authorization ?? '-'}`);
      if (req.url?.startsWith('/token')) {
        const ok = req.headers.authorization === `Basic ${Buffer.from('u:p').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(ok ? '{"token":"T0K3N"}' : '{}');
        return;
      }
      if (req.headers.authorization !== 'Bearer T0K3N') {
        res.writeHead(401, {
          'www-authenticate': `Bearer realm="http://${host}/token",service="reg",scope="repository:ns/c:pull"`,
        });
        res.end();
        return;
      }
      if (req.url === '/v2/ns/c/manifests/1.0.0') {
        res.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        res.end(
          JSON.stringify({
            layers: [{ mediaType: HELM_CHART_LAYER, digest: `sha256:${'a'.repeat(64)}` }],
          }),
        );
        return;
      }
      res.writeHead(404);
      res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });

  const http1 = (): HttpClient =>
    new HttpClient({ timeoutSeconds: 5, retries: 0, logger: silentLogger });

  it('fetches a token from the realm with Basic auth and reads the chart layer digest', async () => {
    const client = new RegistryClient(host, http1(), { username: 'u', password: 'p' }, true);
    expect(await client.manifest('ns/c', '1.0.0')).toEqual({ chartDigest: 'a'.repeat(64) });
    expect(
      seen.some((s) =>
        s.startsWith('GET /token?service=reg&scope=repository%3Ans%2Fc%3Apull Basic'),
      ),
    ).toBe(true);
    expect(await client.manifest('ns/c', '9.9.9')).toBeUndefined();
  });

  it('names the credentials when the token service refuses them', async () => {
    const client = new RegistryClient(host, http1(), { username: 'u', password: 'wrong' }, true);
    await expect(client.manifest('ns/c', '1.0.0')).rejects.toThrow(
      /check `username`\/`password` for oci:\/\/127\.0\.0\.1/,
    );
  });
});
