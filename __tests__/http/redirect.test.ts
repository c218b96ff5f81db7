// Redirects in the HTTP client, against loopback servers on two ports: which answers are followed
// (as Go's net/http follows them: src/net/http/client.go), how far, and where credentials go.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, type RequestOptions } from '../../src/http/client.js';
import { discardBody, readText } from '../../src/http/body.js';
import { recordingLogger } from '../../test/support/logger.js';
import { selfSignedCertificate } from '../../test/support/tls.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface TestServer {
  url: string;
  /** Path and headers of every request, oldest first. */
  seen: { method: string; path: string; headers: IncomingHttpHeaders }[];
}

const servers: Server[] = [];
const tempDirs: string[] = [];
let client: HttpClient | undefined;
const logged: string[] = [];
const logger = recordingLogger(logged);

async function listen(server: Server, scheme: 'http' | 'https'): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `${scheme}://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

async function serve(handler: Handler): Promise<TestServer> {
  const seen: TestServer['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => handler(req, res));
  });
  return { url: await listen(server, 'http'), seen };
}

/** A server whose every answer is `status` with this Location (and a body to discard). */
function redirecting(
  status: number,
  location: (req: IncomingMessage) => string,
): Promise<TestServer> {
  return serve((req, res) => {
    res.writeHead(status, { location: location(req), 'content-type': 'text/html' });
    res.end('<html><body>Moved</body></html>\n');
  });
}

const final = (): Promise<TestServer> =>
  serve((req, res) =>
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`final ${req.url ?? ''}`),
  );

function newClient(retries = 0): HttpClient {
  client = new HttpClient({ timeoutSeconds: 5, retries, logger, retryBaseMs: 10, insecure: true });
  return client;
}

async function get(
  url: string,
  options: RequestOptions = {},
): Promise<{ status: number; text: string; url: string }> {
  const response = await newClient().request(url, options);
  return { status: response.statusCode, text: await readText(response), url: response.url };
}

afterEach(async () => {
  logged.length = 0;
  await client?.close();
  client = undefined;
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    ),
  );
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('HttpClient.request redirects', () => {
  it.each([301, 302, 303, 307, 308])('GET follows %i to another port', async (status) => {
    const to = await final();
    const from = await redirecting(status, (req) => `${to.url}/objects${req.url ?? ''}?sig=1`);
    const answer = await get(`${from.url}/v0.10.4/archive.tar.gz`);
    expect(answer).toEqual({
      status: 200,
      text: 'final /objects/v0.10.4/archive.tar.gz?sig=1',
      url: `${to.url}/objects/v0.10.4/archive.tar.gz?sig=1`,
    });
  });

  it('HEAD follows too, and stays HEAD', async () => {
    const to = await final();
    const from = await redirecting(302, () => `${to.url}/x`);
    const response = await newClient().request(`${from.url}/a`, { method: 'HEAD' });
    expect(response.statusCode).toBe(200);
    await discardBody(response);
    expect(to.seen.map((r) => r.method)).toEqual(['HEAD']);
  });

  it('resolves a relative Location against the URL that answered', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/repo/sub/index.yaml')
        res.writeHead(302, { location: '../other/index.yaml?x=1' }).end();
      else res.writeHead(200).end(`at ${req.url ?? ''}`);
    });
    const answer = await get(`${server.url}/repo/sub/index.yaml`);
    expect(answer.text).toBe('at /repo/other/index.yaml?x=1');
    expect(answer.url).toBe(`${server.url}/repo/other/index.yaml?x=1`);
  });

  it('a 3xx without a Location is the answer (as in Go)', async () => {
    const server = await serve((_req, res) => res.writeHead(302).end('no location'));
    expect(await get(server.url)).toMatchObject({ status: 302, text: 'no location' });
  });

  it('follows 9 redirects; the 10th fails with "stopped after 10 redirects"', async () => {
    const chain = (hops: number): Promise<TestServer> =>
      serve((req, res) => {
        const n = Number((req.url ?? '/0').slice(1));
        if (n < hops) res.writeHead(302, { location: `/${String(n + 1)}` }).end();
        else res.writeHead(200).end('end');
      });
    const nine = await chain(9);
    expect(await get(`${nine.url}/0`)).toMatchObject({ status: 200, text: 'end' });
    expect(nine.seen).toHaveLength(10);

    const ten = await chain(10);
    await expect(newClient().request(`${ten.url}/0`)).rejects.toThrow(
      `GET ${ten.url}/0: stopped after 10 redirects (the last from ${ten.url}/9 to ${ten.url}/10)`,
    );
    expect(ten.seen).toHaveLength(10);
  });

  it('refuses an https → http downgrade, naming both URLs', async () => {
    const plain = await final();
    const dir = mkdtempSync(path.join(tmpdir(), 'redirect-tls-'));
    tempDirs.push(dir);
    const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
    selfSignedCertificate({ key, cert }, '/CN=127.0.0.1', 1);
    const tls = createTlsServer(
      { key: readFileSync(key), cert: readFileSync(cert) },
      (_req, res) => {
        res.writeHead(302, { location: `${plain.url}/helm.tar.gz` }).end();
      },
    );
    const secure = await listen(tls, 'https');
    await expect(newClient().request(`${secure}/helm.tar.gz`)).rejects.toThrow(
      `refused the redirect from ${secure}/helm.tar.gz to ${plain.url}/helm.tar.gz: it leaves https for plain http`,
    );
    expect(plain.seen).toEqual([]);
  });

  it('does not follow a redirect to another scheme', async () => {
    const server = await redirecting(302, () => 'file:///etc/passwd');
    await expect(newClient().request(server.url)).rejects.toThrow(
      'redirected to file:///etc/passwd: only http:// and https:// redirects are followed',
    );
  });

  it.each([302, 307])(
    'a POST answered %i fails naming the Location, which gets nothing',
    async (status) => {
      const to = await final();
      const from = await redirecting(status, () => `${to.url}/api/charts`);
      const upload = newClient().request(`${from.url}/api/charts`, {
        method: 'POST',
        form: [{ field: 'chart', fileName: 'a-1.0.0.tgz', bytes: new Uint8Array([1, 2, 3]) }],
        auth: { username: 'u', password: 'p' },
      });
      await expect(upload).rejects.toThrow(
        `POST ${from.url}/api/charts answered HTTP ${String(status)}, a redirect to ${to.url}/api/charts: POST requests are not redirected`,
      );
      expect(to.seen).toEqual([]);
    },
  );

  it.each<[string, RequestOptions]>([
    ['Basic auth', { auth: { username: 'user', password: 'secret' } }],
    ['a Bearer token', { auth: { bearer: 'token' } }],
    ['an Authorization header', { headers: { Authorization: 'Bearer token' } }],
  ])(
    'drops %s on a hop to another port of 127.0.0.1, keeps it on the same origin',
    async (_what, options) => {
      const other = await final();
      const origin = await serve((req, res) => {
        if (req.url === '/index.yaml') res.writeHead(307, { location: '/moved/index.yaml' }).end();
        else res.writeHead(302, { location: `${other.url}/objects/index.yaml` }).end();
      });
      expect(await get(`${origin.url}/index.yaml`, options)).toMatchObject({ status: 200 });
      expect(origin.seen.map((r) => [r.path, r.headers.authorization !== undefined])).toEqual([
        ['/index.yaml', true],
        ['/moved/index.yaml', true],
      ]);
      expect(other.seen).toHaveLength(1);
      expect(other.seen[0]?.headers.authorization).toBeUndefined();
    },
  );

  it('retries a transient failure per hop, on the URL that failed', async () => {
    let busy = 1;
    const to = await serve((_req, res) => {
      if (busy-- > 0) res.writeHead(503).end('busy');
      else res.writeHead(200).end('ok');
    });
    const from = await redirecting(302, () => `${to.url}/file`);
    client = new HttpClient({ timeoutSeconds: 5, retries: 1, logger, retryBaseMs: 10 });
    const response = await client.request(`${from.url}/file`);
    expect([response.statusCode, await readText(response)]).toEqual([200, 'ok']);
    expect(from.seen).toHaveLength(1);
    expect(to.seen).toHaveLength(2);
    expect(logged).toEqual([
      expect.stringMatching(new RegExp(`^GET ${to.url}/file: HTTP 503; retrying`)),
    ]);
  });

  it('a connection error after a redirect names both URLs', async () => {
    const gone = await final();
    const goneUrl = gone.url;
    const closing = servers.pop();
    await new Promise<void>((resolve) => closing?.close(() => resolve()));
    const from = await redirecting(302, () => `${goneUrl}/file`);
    await expect(newClient().request(`${from.url}/file`)).rejects.toThrow(
      `GET ${goneUrl}/file (redirected from ${from.url}/file) failed`,
    );
  });
});
