// The CLI masks secrets in everything it prints, against a server that echoes them back.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redactor, base64Fragments } from '../../src/cli/mask.js';
import { DIST_CLI } from '../../test/support/action-runner.js';
import { HELM_MIRROR_DIR, REPO_ROOT } from '../../test/support/fixtures.js';
import { startStaticServer, type StaticServer } from '../../test/support/static-server.js';

const USER = 'robot$ci';
const PASSWORD = 'Hostile-Echo-Secret-42!';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
/** The password at each byte alignment inside longer Base64 text. */
const WRAPPED = ['a', 'ab', 'abc'].map((p) => b64(`${p}${PASSWORD}zz`));

/** What a server quotes: the password, Basic auth, and Base64 text with the password inside. */
function echoed(): string[] {
  return [PASSWORD, b64(PASSWORD), b64(`${USER}:${PASSWORD}`), ...WRAPPED];
}

/** What must never be printed: each of those, and the part of the wrapped texts that is the password. */
function forms(): string[] {
  return [...echoed(), ...WRAPPED.map((w) => w.slice(4, -4))];
}

describe('Redactor', () => {
  it('masks the value, its Base64 at three alignments and user:password in Base64', () => {
    const r = new Redactor();
    r.add(PASSWORD, USER);
    for (const form of forms()) expect(r.redact(`<${echoed().join(' ')}>`)).not.toContain(form);
    expect(base64Fragments(PASSWORD)).toHaveLength(4);
  });

  it('masks echoed Authorization values in text and JSON', () => {
    const r = new Redactor();
    expect(
      r.redact('Authorization: Basic cm9ib3Q6eA== {"authorization":["Bearer ey.J9"]} x=1'),
    ).toBe('Authorization: Basic *** {"authorization":["Bearer ***"]} x=1');
  });
});

/**
 * ChartMuseum's API answers errors as {"error": "..."} (helm/chartmuseum
 * pkg/chartmuseum/server/multitenant/api.go); this one puts the request's headers and the
 * decoded credentials into it, as a hostile or debugging proxy would.
 */
function startEchoServer(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/index.yaml') {
      res.writeHead(200, { 'content-type': 'application/x-yaml' });
      res.end('apiVersion: v1\nentries: {}\n');
      return;
    }
    req.resume();
    req.on('end', () => {
      const auth = req.headers.authorization ?? '';
      const decoded = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString();
      const echo = [
        `Authorization: ${auth}`,
        JSON.stringify({ Authorization: [auth] }),
        `decoded=${decoded}`,
        ...echoed(),
      ].join(' | ');
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: echo }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, server });
    });
  });
}

describe('the CLI against a server that echoes credentials', () => {
  let mirror: StaticServer;
  let echo: { url: string; server: Server };
  let work: string;
  beforeAll(async () => {
    mirror = await startStaticServer(HELM_MIRROR_DIR);
    echo = await startEchoServer();
    work = await mkdtemp(path.join(tmpdir(), 'cli-mask-'));
    await cp(path.join(REPO_ROOT, 'examples', 'charts', 'hello'), path.join(work, 'hello'), {
      recursive: true,
    });
  });
  afterAll(async () => {
    await mirror.close();
    await new Promise((resolve) => echo.server.close(resolve));
    await rm(work, { recursive: true, force: true });
  });

  it.each([['--json'], []])('prints none of them (%s)', async (...extra) => {
    const args = [
      ...['--charts', 'hello', '--repo-url', echo.url, '--username', USER],
      ...['--push-method', 'http', '--retries', '0', '--helm-mirror', mirror.url],
      ...['--tool-cache', path.join(work, 'tools'), '--password-stdin', ...extra],
    ];
    const child = spawn(process.execPath, [DIST_CLI, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: work, RUNNER_TEMP: work },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(`${PASSWORD}\n`);
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    // The server's message did arrive, masked.
    expect(out).toContain('Authorization: Basic ***');
    for (const form of forms()) expect(out).not.toContain(form);
  });
});
