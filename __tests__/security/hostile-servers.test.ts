// Hostile loopback servers against the HTTP side of helm-publish (issue 19 points 1, 3, 4, 10):
// a repository whose index moves the upload to another host, an index naming chart archives on
// another origin, registries with odd token services, and servers that never stop sending or
// send one byte at a time. A second loopback server plays the party that must never hear from
// us; limits are checked by the bytes the hostile server got out, not by time.
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { READ_LIMITS } from '../../src/http/body.js';
import { fetchText } from '../../src/http/download.js';
import { ChartRepository, apiBaseUrl } from '../../src/repo/chartrepo.js';
import { HelmIndexCache } from '../../src/repo/helm-index-cache.js';
import { RegistryClient } from '../../src/repo/registry.js';
import { tokenRealmUrl } from '../../src/repo/token-realm.js';
import type { PackagedChart } from '../../src/types/plan.js';
import {
  dribble,
  endless,
  serve as serveOn,
  type Handler,
  type Recorder,
} from '../../test/support/hostile-server.js';
import { recordingLogger } from '../../test/support/logger.js';

const AUTH = { username: 'user', password: 's3cret-pw' };

const open: Recorder[] = [];
let client: HttpClient | undefined;

const serve = (handler: Handler, host?: string): Promise<Recorder> => serveOn(handler, open, host);

function http(timeoutSeconds = 5): HttpClient {
  client = new HttpClient({ timeoutSeconds, retries: 0, logger: recordingLogger([]) });
  return client;
}

afterEach(async () => {
  await client?.close();
  client = undefined;
  await Promise.all(open.splice(0).map((r) => r.close()));
});

async function ipv6Loopback(): Promise<Recorder | undefined> {
  try {
    return await serve((_req, res) => res.writeHead(201).end('{}'), '::1');
  } catch {
    return undefined;
  }
}

describe('serverInfo.contextPath from a hostile index (point 1)', () => {
  it('never sends the upload, or anything, to the host a context path names', async () => {
    const victim = await serve((_req, res) => res.writeHead(201).end('{}'));
    const victim6 = await ipv6Loopback();
    const tricks = [
      `@127.0.0.1:${String(victim.port)}`,
      `//127.0.0.1:${String(victim.port)}`,
      `http://127.0.0.1:${String(victim.port)}`,
      `/ctx@127.0.0.1:${String(victim.port)}`.replace('/ctx', ''),
      `\\\\127.0.0.1:${String(victim.port)}`,
      `/ok\n@127.0.0.1:${String(victim.port)}`,
      ...(victim6 !== undefined ? [`@[::1]:${String(victim6.port)}`] : []),
    ];
    let contextPath = '';
    const repoServer = await serve((req, res) => {
      if (req.url === '/index.yaml') {
        res.writeHead(200, { 'content-type': 'application/x-yaml' });
        res.end(
          `apiVersion: v1\nentries: {}\nserverInfo:\n  contextPath: ${JSON.stringify(contextPath)}\n`,
        );
      } else res.writeHead(201).end('{}');
    });
    const repo = new ChartRepository(repoServer.url, http(), AUTH);
    for (const trick of tricks) {
      contextPath = trick;
      const snapshot = await repo.readIndex([{ chart: 'c', version: '1.0.0' }]);
      expect(snapshot.contextPath).toBe(trick);
      expect(() => apiBaseUrl(repoServer.url, snapshot.contextPath), trick).toThrow(
        /is not a plain path/,
      );
      const upload = repo.upload({
        fileName: 'c-1.0.0.tgz',
        bytes: Buffer.from('chart'),
        force: false,
        contextPath: trick,
      });
      await expect(upload, trick).rejects.toThrow(/not a plain path|would leave its origin/);
    }
    expect(victim.seen).toEqual([]);
    expect(victim6?.seen ?? []).toEqual([]);
    // The repository itself got only the index reads.
    expect(repoServer.seen.map((r) => r.method)).toEqual(tricks.map(() => 'GET'));
  });

  it('refuses, in the client, credentials for one origin on a request to another', async () => {
    const victim = await serve((_req, res) => res.writeHead(200).end('ok'));
    const repoOrigin = 'http://127.0.0.1:1';
    for (const method of ['GET', 'POST']) {
      await expect(
        http().request(`${victim.url}/api/charts`, { method, auth: AUTH, authOrigin: repoOrigin }),
      ).rejects.toThrow(/refused to send the credentials for http:\/\/127\.0\.0\.1:1/);
      await expect(
        http().request(victim.url, {
          headers: { authorization: 'Bearer x' },
          authOrigin: repoOrigin,
        }),
      ).rejects.toThrow(/refused to send the credentials/);
    }
    expect(victim.seen).toEqual([]);
  });
});

describe('fetch-back of charts an index places on another origin (point 3)', () => {
  it('hands Helm no entry on another origin when the repository has credentials', async () => {
    const victim = await serve((_req, res) => res.writeHead(200).end('tgz'));
    const target = { repoUrl: 'http://127.0.0.1:1/charts', namespace: '' };
    const entry = { name: 'c', version: '1.0.0', urls: [`${victim.url}/c-1.0.0.tgz`] };
    const read = (): Promise<{ entries: Map<string, typeof entry> }> =>
      Promise.resolve({ entries: new Map([['c@1.0.0', entry]]) });
    const item = {
      kind: 'archive',
      fileName: 'c-1.0.0.tgz',
      job: { chart: { name: 'c', version: '1.0.0' }, target },
    } as unknown as PackagedChart;
    const cache = new HelmIndexCache('/nonexistent/cache', read, true);
    await expect(cache.write(target, 'repo', [item])).rejects.toThrow(
      /lists its archive at http:\/\/127\.0\.0\.1:\d+\/c-1\.0\.0\.tgz, another origin than the repository's; the credentials are not sent there/,
    );
    // The same origin on another scheme is another origin too.
    entry.urls = ['https://127.0.0.1:1/charts/c-1.0.0.tgz'];
    await expect(cache.write(target, 'repo', [item])).rejects.toThrow(/another origin/);
    expect(victim.seen).toEqual([]);
  });
});

describe('registry token services (point 4)', () => {
  it('refuses a plain-http realm for an https registry, and realms that are not http(s) URLs', () => {
    expect(() => tokenRealmUrl('http://auth.example/token', 'https://reg.example')).toThrow(
      /refused the token realm http:\/\/auth\.example of the registry https:\/\/reg\.example: it is plain http/,
    );
    expect(() => tokenRealmUrl('file:///etc/passwd', 'https://reg.example')).toThrow(
      /scheme file:/,
    );
    expect(() => tokenRealmUrl('https://u:p@auth.example/', 'https://reg.example')).toThrow(
      /user info/,
    );
    expect(tokenRealmUrl('https://auth.example/token', 'https://reg.example').origin).toBe(
      'https://auth.example',
    );
    expect(tokenRealmUrl('http://127.0.0.1:5/token', 'http://127.0.0.1:4').protocol).toBe('http:');
  });

  async function registryWith(
    token: (res: ServerResponse, sent: { bytes: number }) => void,
  ): Promise<{ registry: Recorder; tokens: Recorder }> {
    const tokens = await serve((_req, res, sent) => token(res, sent));
    const registry = await serve((_req, res) => {
      res.writeHead(401, {
        'www-authenticate': `Bearer realm="${tokens.url}/token",service="reg"`,
      });
      res.end();
    });
    return { registry, tokens };
  }

  it('names a token answer that is not JSON without quoting it', async () => {
    const { registry } = await registryWith((res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>leaked-secret-page</html>'),
    );
    const client = new RegistryClient(registry.url.slice(7), http(), AUTH, true);
    const error = await client.manifest('ns/c', '1.0.0').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /the token answer from http:\/\/127\.0\.0\.1:\d+ is not JSON/,
    );
    expect((error as Error).message).not.toContain('leaked-secret-page');
  });

  it('stops reading an endless token answer at its cap', async () => {
    const { registry, tokens } = await registryWith((res, sent) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      endless(res, sent, Buffer.alloc(16 * 1024, 'a'));
    });
    const client = new RegistryClient(registry.url.slice(7), http(), AUTH, true);
    await expect(client.manifest('ns/c', '1.0.0')).rejects.toThrow(
      /the token answer from http:\/\/127\.0\.0\.1:\d+ is larger than 64 KiB/,
    );
    expect(tokens.sent.bytes).toBeLessThan(READ_LIMITS.tokenAnswer + 8 * 1024 * 1024);
  });
});

describe('endless and dribbling answers (point 10)', () => {
  it('stops an index with one endless line at the line cap', async () => {
    const server = await serve((_req, res, sent) => {
      res.writeHead(200, { 'content-type': 'application/x-yaml' });
      res.write('apiVersion: v1\nentries: {}\ngenerated: "');
      endless(res, sent, Buffer.alloc(64 * 1024, 'x'));
    });
    const repo = new ChartRepository(server.url, http(), AUTH);
    await expect(repo.readIndex([{ chart: 'c', version: '1' }])).rejects.toThrow(
      `a line of ${server.url}/index.yaml is larger than 8 MiB`,
    );
    expect(server.sent.bytes).toBeLessThan(READ_LIMITS.indexLine + 16 * 1024 * 1024);
  });

  it('ends a dribbling upload answer at the total deadline, naming request-timeout', async () => {
    const server = await serve((req, res, sent) => {
      if (req.url === '/index.yaml') return void res.writeHead(200).end('entries: {}\n');
      res.writeHead(201, { 'content-type': 'application/json' });
      dribble(res, sent, 20);
    });
    // Idle timeout 0.1 s (never reached: a byte comes every 20 ms); deadline 10 × that.
    const repo = new ChartRepository(server.url, http(0.1), AUTH);
    const upload = repo.upload({ fileName: 'c-1.0.0.tgz', bytes: Buffer.from('x'), force: false });
    await expect(upload).rejects.toThrow(
      /POST http:\/\/127\.0\.0\.1:\d+\/api\/charts: no complete answer within 1s, the total deadline of a request \(10 × `request-timeout`: raise `request-timeout`/,
    );
    // About 50 bytes in 1 s: the answer was cut, not read to its end.
    expect(server.sent.bytes).toBeLessThan(200);
  });

  it('stops an endless checksum file at its cap', async () => {
    const server = await serve((_req, res, sent) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      endless(
        res,
        sent,
        Buffer.from(`${'0'.repeat(64)}  helm-v3.18.0-linux-amd64.tar.gz\n`.repeat(512)),
      );
    });
    const url = `${server.url}/helm-v3.18.0-linux-amd64.tar.gz.sha256sum`;
    await expect(fetchText(http(), url)).rejects.toThrow(`${url} is larger than 64 KiB`);
    expect(server.sent.bytes).toBeLessThan(READ_LIMITS.checksumFile + 8 * 1024 * 1024);
  });

  it('reads only the start of an endless error page', async () => {
    const server = await serve((req, res, sent) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      endless(res, sent, Buffer.alloc(16 * 1024, 'e'));
    });
    const repo = new ChartRepository(server.url, http(), AUTH);
    await expect(repo.readIndex([{ chart: 'c', version: '1' }])).rejects.toThrow(
      /answered HTTP 500/,
    );
    expect(server.sent.bytes).toBeLessThan(READ_LIMITS.errorBody + 8 * 1024 * 1024);
  });
});
