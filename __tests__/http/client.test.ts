// The HTTP client alone, against a plain loopback server: which answers are retried, how many
// times, how long it waits, and what the errors say.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { describeNetworkError, parseRetryAfter } from '../../src/http/retry.js';
import { discardBody, errorDetail, readText } from '../../src/http/body.js';
import {
  hasProxySupport,
  networkSettings,
  nodeProxyEnv,
  proxyEnvironment,
} from '../../src/http/proxy.js';
import { multipartBody } from '../../src/http/multipart.js';
import { recordingLogger } from '../../test/support/logger.js';

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

let server: Server | undefined;
let client: HttpClient | undefined;
const logged: string[] = [];
const logger = recordingLogger(logged);

async function serve(handler: Handler): Promise<string> {
  let n = 0;
  server = createServer((req, res) => {
    n++;
    handler(req, res, n);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

function newClient(retries: number, timeoutSeconds = 5): HttpClient {
  client = new HttpClient({ timeoutSeconds, retries, logger, retryBaseMs: 10 });
  return client;
}

afterEach(async () => {
  logged.length = 0;
  await client?.close();
  client = undefined;
  await new Promise<void>((resolve) => {
    if (server === undefined) resolve();
    else server.close(() => resolve());
    server?.closeAllConnections();
  });
  server = undefined;
});

describe('HttpClient.request', () => {
  it('retries 503 up to `retries` times, then returns the last answer', async () => {
    let seen = 0;
    const url = await serve((_req, res, n) => {
      seen = n;
      res.writeHead(503).end('busy');
    });
    const response = await newClient(2).request(`${url}/index.yaml`);
    expect(response.statusCode).toBe(503);
    await discardBody(response);
    expect(seen).toBe(3);
    expect(logged.filter((l) => /HTTP 503; retrying in/.test(l))).toHaveLength(2);
  });

  it('returns as soon as an answer is not transient', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(502).end();
      else res.writeHead(200).end('ok');
    });
    const response = await newClient(3).request(url);
    expect([response.statusCode, await readText(response)]).toEqual([200, 'ok']);
  });

  it('does not retry 401, 404 or 409', async () => {
    for (const status of [401, 404, 409]) {
      let seen = 0;
      const url = await serve((_req, res, n) => {
        seen = n;
        res.writeHead(status).end();
      });
      const response = await newClient(3).request(url);
      await discardBody(response);
      expect([response.statusCode, seen]).toEqual([status, 1]);
      await client?.close();
      client = undefined;
      await new Promise<void>((resolve) => server?.close(() => resolve()));
      server = undefined;
    }
  });

  it('waits as Retry-After says rather than its own short backoff', async () => {
    const url = await serve((_req, res, n) => {
      if (n === 1) res.writeHead(429, { 'retry-after': '1' }).end();
      else res.writeHead(200).end();
    });
    const response = await newClient(1).request(url);
    await discardBody(response);
    expect(response.statusCode).toBe(200);
    expect(logged).toEqual([
      expect.stringMatching(/HTTP 429; retrying in 1\.0s \(attempt 2 of 2\)$/),
    ]);
  });

  it('sends Basic auth, and a connection refused is an error naming the URL', async () => {
    const url = await serve((req, res) => {
      res.writeHead(200).end(req.headers.authorization ?? '');
    });
    const response = await newClient(0).request(url, { auth: { username: 'u', password: 'p:w' } });
    expect(await readText(response)).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
    await expect(newClient(0).request('http://127.0.0.1:9/index.yaml')).rejects.toThrow(
      /^GET http:\/\/127\.0\.0\.1:9\/index\.yaml failed: .*ECONNREFUSED/,
    );
  });

  it('an unusable proxy URL is an error saying which variables to fix', async () => {
    const { proxyEnv } = networkSettings({ HTTP_PROXY: 'http://[proxy' });
    const proxied = new HttpClient({ timeoutSeconds: 5, retries: 0, logger, proxyEnv });
    try {
      await expect(proxied.request('http://127.0.0.1:9/index.yaml')).rejects.toThrow(
        /^the proxy settings are not valid \(.*\): fix or unset HTTP_PROXY\/HTTPS_PROXY$/,
      );
    } finally {
      await proxied.close();
    }
  });

  it('an answer slower than the timeout names `request-timeout`', async () => {
    const url = await serve(() => {
      // never answers
    });
    await expect(newClient(0, 0.2).request(url)).rejects.toThrow(
      /no answer within `request-timeout`/,
    );
  });
});

describe('discardBody', () => {
  it('reads a small body out, so that its connection serves the next request', async () => {
    const ports: number[] = [];
    const url = await serve((req, res) => {
      ports.push(req.socket.remotePort ?? 0);
      res.end(req.url === '/big' ? Buffer.alloc(4 << 20) : 'small');
    });
    const c = newClient(0);
    await discardBody(await c.request(`${url}/small`));
    await readText(await c.request(`${url}/small`));
    expect(ports[1]).toBe(ports[0]);
    // A large one is cut off with its connection instead of read to the end.
    const big = await c.request(`${url}/big`);
    await discardBody(big);
    expect(big.body.readableEnded).toBe(false);
    await readText(await c.request(`${url}/small`));
    expect(ports[3]).not.toBe(ports[2]);
  });
});

describe('HttpClient.close', () => {
  it('may be called again, and no request goes out after it', async () => {
    let seen = 0;
    const url = await serve((_req, res, n) => {
      seen = n;
      res.end('ok');
    });
    const c = newClient(0);
    expect(await readText(await c.request(url))).toBe('ok');
    const first = c.close();
    expect(c.close()).toBe(first);
    await first;
    await expect(c.request(url)).rejects.toThrow();
    expect(seen).toBe(1);
  });

  it('is a no-op for a client that never sent a request', async () => {
    await expect(newClient(0).close()).resolves.toBeUndefined();
  });
});

describe('helpers', () => {
  it('parseRetryAfter: seconds or an HTTP date, else nothing', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(['1.5'])).toBe(1500);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(parseRetryAfter(inTenSeconds)).toBeGreaterThan(8000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(0);
  });

  it('errorDetail: the JSON error of ChartMuseum, Harbor and registries, else the first line', () => {
    expect(errorDetail('{"error":"file already exists"}')).toBe('file already exists');
    expect(
      errorDetail('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}'),
    ).toBe('authentication required');
    expect(errorDetail('<!DOCTYPE html><html>…')).toBe('an HTML page');
    expect(errorDetail('plain\nsecond line')).toBe('plain');
  });

  it('proxyEnvironment: upper-case first and empty counts as unset, as Go reads them', () => {
    expect(
      proxyEnvironment({ HTTP_PROXY: 'http://upper:1', http_proxy: 'http://lower:1' }),
    ).toEqual({ httpProxy: 'http://upper:1', httpsProxy: '', noProxy: '' });
    expect(proxyEnvironment({ http_proxy: '', HTTP_PROXY: 'http://upper:1' }).httpProxy).toBe(
      'http://upper:1',
    );
    expect(
      proxyEnvironment({ HTTPS_PROXY: '', https_proxy: 'http://lower:2', no_proxy: 'a.example' }),
    ).toEqual({ httpProxy: '', httpsProxy: 'http://lower:2', noProxy: 'a.example' });
    expect(proxyEnvironment({})).toEqual({ httpProxy: '', httpsProxy: '', noProxy: '' });
  });

  it('nodeProxyEnv: a proxy per scheme, and NO_PROXY host names matching their subdomains', () => {
    expect(nodeProxyEnv({ httpProxy: '', httpsProxy: '', noProxy: '' })).toEqual({});
    expect(
      nodeProxyEnv({
        httpProxy: 'http://p:3128',
        httpsProxy: 'http://q:3128',
        noProxy: 'example.com, .corp.example,*.svc,10.0.0.1 localhost:8080,[::1]:443,*',
      }),
    ).toEqual({
      HTTP_PROXY: 'http://p:3128',
      HTTPS_PROXY: 'http://q:3128',
      NO_PROXY: '.example.com,.corp.example,*.svc,.10.0.0.1,localhost:8080,[::1]:443,*',
    });
  });

  it('nodeProxyEnv: a proxy without a scheme is http://, as Go takes it', () => {
    expect(nodeProxyEnv({ httpProxy: 'proxy.corp:3128', httpsProxy: '', noProxy: '' })).toEqual({
      HTTP_PROXY: 'http://proxy.corp:3128',
    });
    expect(
      nodeProxyEnv({ httpProxy: '', httpsProxy: 'https://u:p@proxy.corp', noProxy: '' }),
    ).toEqual({ HTTPS_PROXY: 'https://u:p@proxy.corp' });
  });

  it('hasProxySupport: Node 24.5 or later', () => {
    expect(hasProxySupport('24.5.0')).toBe(true);
    expect(hasProxySupport('24.21.0')).toBe(true);
    expect(hasProxySupport('25.0.0')).toBe(true);
    expect(hasProxySupport('24.4.1')).toBe(false);
    expect(hasProxySupport('22.21.0')).toBe(false);
  });

  it('multipartBody: files a multipart/form-data reader gets back byte for byte', async () => {
    const chart = new Uint8Array([0x1f, 0x8b, 0, 13, 10, 45, 45, 255]);
    const { contentType, body } = multipartBody([
      { field: 'chart', fileName: 'a"b\r\n.tgz', bytes: chart, type: 'application/gzip' },
      { field: 'prov', fileName: 'a.tgz.prov', bytes: Buffer.from('signed') },
    ]);
    expect(body.toString('latin1')).toContain('filename="a%22b%0D%0A.tgz"');
    const answer = new Response(body, { headers: { 'content-type': contentType } });
    // WHATWG's multipart reader, the one the test chart server parses uploads with.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    const form = await answer.formData();
    const file = form.get('chart') as File;
    expect(file.name).toBe('a"b\r\n.tgz');
    expect(file.type).toBe('application/gzip');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(chart);
    expect(await (form.get('prov') as File).text()).toBe('signed');
  });

  it('describeNetworkError: an untrusted certificate says to set `ca-file`', () => {
    const error = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    expect(describeNetworkError(error)).toBe(
      "TLS certificate not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): set `ca-file` to the repository's CA bundle",
    );
  });
});
