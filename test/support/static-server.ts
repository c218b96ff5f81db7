// A loopback HTTP server over a directory (the Helm / helm-push mirrors), recording every request
// and letting a test replace any path's response or slow requests down; and a mirror that
// redirects every download to a second such server, as GitHub release downloads do.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface RecordedRequest {
  method: string;
  /** Raw request target, query included, as the client sent it. */
  path: string;
  /** Request target without the query. */
  pathname: string;
  /** Raw query without the leading '?', or undefined when the target has no '?'. */
  query: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface OverrideResponse {
  status: number;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

export type OverrideHandler = (
  request: RecordedRequest,
) => OverrideResponse | Promise<OverrideResponse>;

export type DelaySetting = number | ((request: RecordedRequest) => number);

export interface StaticServerOptions {
  /** Milliseconds to wait before answering each request. */
  delayMs?: DelaySetting;
  /**
   * Instead of a file, answer where it can be had (GET/HEAD of files that exist; others answer
   * as usual): this status and Location. See startRedirectingMirror.
   */
  redirect?: { status: number; location: (pathname: string) => string };
  /** Maps a request path to the path of the file served (default: the same; undefined: 404). */
  filePath?: (pathname: string) => string | undefined;
  /** Answer 400 to any request carrying an `Authorization` header (S3 presigned URLs do). */
  rejectAuthorization?: boolean;
}

export interface StaticServer {
  url: string;
  port: number;
  /** Every request received, oldest first; empty it with clearRequests() (or length = 0). */
  requests: RecordedRequest[];
  clearRequests(): void;
  /** Answers requests whose pathname equals `pathname` (any method) with this response. */
  override(pathname: string, response: OverrideHandler | OverrideResponse): void;
  clearOverrides(): void;
  setDelay(delay: DelaySetting | undefined): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.zip': 'application/zip',
  '.yaml': 'text/yaml; charset=utf-8',
  '.json': 'application/json',
};

function recordRequest(req: IncomingMessage, body: Buffer): RecordedRequest {
  const target = req.url ?? '/';
  const queryAt = target.indexOf('?');
  return {
    method: req.method ?? 'GET',
    path: target,
    pathname: queryAt === -1 ? target : target.slice(0, queryAt),
    query: queryAt === -1 ? undefined : target.slice(queryAt + 1),
    headers: req.headers,
    body,
  };
}

function answerText(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}

async function sendFile(request: RecordedRequest, res: ServerResponse, file: string) {
  const size = (await stat(file)).size;
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'content-length': String(size),
  });
  if (request.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}

interface ServerState {
  root: string;
  options: StaticServerOptions;
  overrides: Map<string, OverrideHandler | OverrideResponse>;
  delay: DelaySetting | undefined;
}

async function respond(state: ServerState, request: RecordedRequest, res: ServerResponse) {
  const { options, delay } = state;
  const wait = typeof delay === 'function' ? delay(request) : (delay ?? 0);
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));

  const override = state.overrides.get(request.pathname);
  if (override) {
    const answer = typeof override === 'function' ? await override(request) : override;
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
    return;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' });
    res.end('method not allowed\n');
    return;
  }
  if (options.rejectAuthorization === true && request.headers.authorization !== undefined) {
    answerText(res, 400, 'application/xml', S3_TWO_AUTH_MECHANISMS);
    return;
  }
  const filePath = options.filePath ? options.filePath(request.pathname) : request.pathname;
  const file = filePath === undefined ? undefined : await resolveInsideRoot(state.root, filePath);
  if (file === undefined) {
    answerText(res, 404, 'text/plain', 'not found\n');
    return;
  }
  if (options.redirect !== undefined) {
    const location = options.redirect.location(request.pathname);
    res.writeHead(options.redirect.status, { location, 'content-type': 'text/html' });
    res.end(request.method === 'HEAD' ? undefined : `<a href="${location}">Found</a>.\n`);
    return;
  }
  await sendFile(request, res, file);
}

export async function startStaticServer(
  rootDir: string,
  options: StaticServerOptions = {},
): Promise<StaticServer> {
  const requests: RecordedRequest[] = [];
  const state: ServerState = {
    root: await realpath(rootDir),
    options,
    overrides: new Map(),
    delay: options.delayMs,
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded = recordRequest(req, Buffer.concat(chunks));
      requests.push(recorded);
      respond(state, recorded, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(error instanceof Error ? error.message : String(error));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    clearRequests: () => {
      requests.length = 0;
    },
    override: (pathname, response) => {
      state.overrides.set(pathname, response);
    },
    clearOverrides: () => {
      state.overrides.clear();
    },
    setDelay: (next) => {
      state.delay = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** What S3 answers a presigned URL that also carries an Authorization header. */
const S3_TWO_AUTH_MECHANISMS =
  '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified</Message></Error>\n';

export interface RedirectingMirror extends StaticServer {
  /** The second server, on another port, that the mirror redirects every download to. */
  objects: StaticServer;
}

export interface RedirectingMirrorOptions {
  /** Default 302. */
  status?: number;
  /**
   * 'signed-asset' (default): like GitHub release downloads, an opaque object path with a
   * presigned query; 'same-path': the same path on the other server (a mirror that moved).
   */
  location?: 'signed-asset' | 'same-path';
}

/**
 * A mirror that serves no file itself: every download of a file that exists is redirected to a
 * second server on another port, as https://github.com/<o>/<r>/releases/download/<tag>/<file>
 * answers 302 to a presigned object-storage URL (objects.githubusercontent.com, S3-style, which
 * refuses a request that also carries an Authorization header); a missing file is a 404 there.
 */
export async function startRedirectingMirror(
  rootDir: string,
  options: RedirectingMirrorOptions = {},
): Promise<RedirectingMirror> {
  const signed = (options.location ?? 'signed-asset') === 'signed-asset';
  const assetPrefix = '/release-asset/';
  const objects = await startStaticServer(rootDir, {
    rejectAuthorization: true,
    ...(signed && {
      filePath: (pathname: string) =>
        pathname.startsWith(assetPrefix)
          ? Buffer.from(pathname.slice(assetPrefix.length), 'base64url').toString('utf8')
          : undefined,
    }),
  });
  const location = (pathname: string): string => {
    if (!signed) return `${objects.url}${pathname}`;
    const file = pathname.split('/').pop() ?? '';
    const query = new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Expires': '300',
      'X-Amz-Signature': createHash('sha256').update(pathname).digest('hex'),
      'response-content-disposition': `attachment; filename=${file}`,
      'response-content-type': 'application/octet-stream',
    });
    return `${objects.url}${assetPrefix}${Buffer.from(pathname).toString('base64url')}?${query.toString()}`;
  };
  const front = await startStaticServer(rootDir, {
    redirect: { status: options.status ?? 302, location },
  });
  return {
    ...front,
    objects,
    close: async () => {
      await Promise.all([front.close(), objects.close()]);
    },
  };
}

/** The regular file a URL path names under root, or undefined (missing, outside root, a dir). */
async function resolveInsideRoot(root: string, pathname: string): Promise<string | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.split(/[/\\]/).includes('..')) return undefined;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  try {
    // realpath also catches symlinks that lead out of the served tree.
    const real = await realpath(candidate);
    if (!real.startsWith(`${root}${path.sep}`)) return undefined;
    const info = await stat(real);
    return info.isFile() ? real : undefined;
  } catch {
    return undefined;
  }
}
