// A real OCI registry for tests: Debian's docker-registry (CNCF distribution) on 127.0.0.1 with
// htpasswd (bcrypt) auth, over plain HTTP or over TLS with a CA generated here by openssl.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { selfSignedCertificate } from './tls.js';

export const REGISTRY_BIN = '/usr/bin/docker-registry';

export interface Registry {
  /** host:port */
  host: string;
  /** The CA bundle to trust (TLS registries only). */
  caFile?: string;
  /** Tags of a repository, through the registry API (authenticated). */
  tags(repository: string): Promise<string[]>;
  /** `sha256:<hex>` of the stored manifest bytes of `repository:tag` (what `helm push` prints). */
  manifestDigest(repository: string, tag: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function makeCertificates(dir: string): { ca: string; cert: string; key: string } {
  const ca = path.join(dir, 'ca.pem');
  const caKey = path.join(dir, 'ca-key.pem');
  const key = path.join(dir, 'key.pem');
  const csr = path.join(dir, 'server.csr');
  const cert = path.join(dir, 'cert.pem');
  const ext = path.join(dir, 'ext.cnf');
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  selfSignedCertificate({ key: caKey, cert: ca }, '/CN=helm-publish test CA', 2);
  run([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    csr,
    '-subj',
    '/CN=127.0.0.1',
  ]);
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1\\n' > '${ext}'`]);
  run([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    ca,
    '-CAkey',
    caKey,
    '-CAcreateserial',
    '-out',
    cert,
    '-days',
    '2',
    '-extfile',
    ext,
  ]);
  return { ca, cert, key };
}

function registryConfig(
  dir: string,
  port: number,
  htpasswd: string,
  certs: { cert: string; key: string } | undefined,
): string {
  return [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${path.join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...(certs ? ['  tls:', `    certificate: ${certs.cert}`, `    key: ${certs.key}`] : []),
    'auth:',
    '  htpasswd:',
    '    realm: helm-publish-test',
    `    path: ${htpasswd}`,
    '',
  ].join('\n');
}

type Requester = (pathname: string, accept?: string) => Promise<Response>;

/** Authenticated reads of the registry API (curl for TLS: Node's fetch takes no CA per call). */
function requester(base: string, authHeader: string, caFile: string | undefined): Requester {
  return async (pathname, accept = '*/*') => {
    if (caFile === undefined)
      return fetch(`${base}${pathname}`, { headers: { authorization: authHeader, accept } });
    const out = execFileSync(
      'curl',
      [
        '-s',
        '--cacert',
        caFile,
        '-H',
        `Authorization: ${authHeader}`,
        '-H',
        `Accept: ${accept}`,
        '-w',
        '\n%{http_code}',
        `${base}${pathname}`,
      ],
      { encoding: 'utf8' },
    );
    const at = out.lastIndexOf('\n');
    return new Response(out.slice(0, at), { status: Number(out.slice(at + 1)) });
  };
}

async function waitUntilUp(request: Requester, child: ChildProcess, stderr: () => string) {
  for (let i = 0; ; i++) {
    try {
      const response = await request('/v2/');
      if (response.status === 200) return;
    } catch {
      // not up yet
    }
    if (i > 100 || child.exitCode !== null) {
      child.kill();
      throw new Error(`docker-registry did not start: ${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function registryHandle(
  host: string,
  request: Requester,
  caFile: string | undefined,
  stop: () => Promise<void>,
): Registry {
  return {
    host,
    ...(caFile !== undefined && { caFile }),
    tags: async (repository) => {
      const response = await request(`/v2/${repository}/tags/list`);
      if (response.status === 404) return [];
      const body = (await response.json()) as { tags?: string[] | null };
      return body.tags ?? [];
    },
    manifestDigest: async (repository, tag) => {
      const response = await request(
        `/v2/${repository}/manifests/${tag}`,
        'application/vnd.oci.image.manifest.v1+json',
      );
      if (response.status !== 200)
        throw new Error(`manifest ${repository}:${tag}: ${response.status}`);
      const bytes = Buffer.from(await response.arrayBuffer());
      return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    },
    stop,
  };
}

export async function startRegistry(options: {
  user: string;
  password: string;
  tls?: boolean;
}): Promise<Registry> {
  if (!existsSync(REGISTRY_BIN)) {
    throw new Error(
      `${REGISTRY_BIN} is missing: install Debian's docker-registry and apache2-utils (apt-get install docker-registry apache2-utils); .ci/run does`,
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'registry-'));
  let child: ChildProcess | undefined;
  const stop = async (): Promise<void> => {
    child?.kill();
    await new Promise((r) => setTimeout(r, 50));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const htpasswd = path.join(dir, 'htpasswd');
    const line = execFileSync('htpasswd', ['-Bbn', options.user, options.password], {
      encoding: 'utf8',
    });
    await writeFile(htpasswd, line);
    const port = await freePort();
    const certs = options.tls === true ? makeCertificates(dir) : undefined;
    const configFile = path.join(dir, 'config.yml');
    await writeFile(configFile, registryConfig(dir, port, htpasswd, certs));
    child = spawn(REGISTRY_BIN, ['serve', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const host = `127.0.0.1:${port}`;
    const auth = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
    const request = requester(`${certs ? 'https' : 'http'}://${host}`, auth, certs?.ca);
    await waitUntilUp(request, child, () => stderr);
    return registryHandle(host, request, certs?.ca, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}
