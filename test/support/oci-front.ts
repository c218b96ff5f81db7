// A front (reverse proxy on 127.0.0.1) for the real test registry that answers as Docker Hub and
// Artifactory do for a repository that does not exist yet: 401 (Docker Hub outside your
// namespace, distribution/distribution#1291) or 403 (Artifactory, google/go-containerregistry#1691)
// to a tag lookup, even with valid credentials. Everything else, uploads included, passes through
// to the registry unchanged: `helm push` (oras ExtendedCopy) checks blobs and manifests by digest
// and puts the tag, and `helm registry login` pings /v2/.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type DenyMode = 401 | 403;

export interface OciFront {
  /** host:port of the front */
  host: string;
  /** How many tag lookups were answered 401/403 because the repository did not exist. */
  denials: number;
  close(): Promise<void>;
}

/** `/v2/<name>/manifests/<tag>` (not a digest) or `/v2/<name>/tags/list`: the repository name. */
function tagLookupRepository(method: string, pathname: string): string | undefined {
  if (method !== 'GET' && method !== 'HEAD') return undefined;
  const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(pathname);
  if (manifest && !manifest[2]?.includes(':')) return manifest[1];
  return /^\/v2\/(.+)\/tags\/list$/.exec(pathname)?.[1];
}

// The bodies the two registries send (errcode JSON as in distribution registry/api/errcode).
function deny(res: ServerResponse, mode: DenyMode, repository: string): void {
  const body =
    mode === 401
      ? {
          errors: [
            {
              code: 'UNAUTHORIZED',
              message: 'authentication required',
              detail: [{ Type: 'repository', Class: '', Name: repository, Action: 'pull' }],
            },
          ],
        }
      : { errors: [{ code: 'DENIED', message: 'requested access to the resource is denied' }] };
  res.writeHead(mode, {
    'content-type': 'application/json',
    ...(mode === 401 && { 'www-authenticate': 'Basic realm="helm-publish-test"' }),
  });
  res.end(JSON.stringify(body));
}

export async function startOciFront(options: {
  /** host:port of the plain-HTTP registry behind */
  registry: string;
  user: string;
  password: string;
  mode: DenyMode;
}): Promise<OciFront> {
  const [hostname, port] = options.registry.split(':');
  const admin = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const agent = new http.Agent({ keepAlive: true });

  const exists = (repository: string): Promise<boolean> =>
    new Promise((resolve, reject) => {
      const request = http.get(
        {
          hostname,
          port,
          path: `/v2/${repository}/tags/list`,
          agent,
          headers: { authorization: admin },
        },
        (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode !== 404));
        },
      );
      request.on('error', reject);
    });

  const forward = (req: IncomingMessage, res: ServerResponse): void => {
    // The Host header goes through as it came: the registry builds upload Locations from it.
    const upstream = http.request(
      { hostname, port, path: req.url, method: req.method, headers: req.headers, agent },
      (response) => {
        res.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };

  const front: OciFront = { host: '', denials: 0, close: () => Promise.resolve() };
  const server = http.createServer((req, res) => {
    const repository = tagLookupRepository(
      req.method ?? '',
      new URL(req.url ?? '/', 'http://x').pathname,
    );
    if (repository === undefined) {
      forward(req, res);
      return;
    }
    exists(repository).then(
      (found) => {
        if (found) {
          forward(req, res);
        } else {
          front.denials++;
          req.resume();
          deny(res, options.mode, repository);
        }
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  front.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  front.close = () =>
    new Promise<void>((resolve) => {
      agent.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return front;
}
