import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { PublishError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { sleep } from '../util/concurrency.js';
import {
  MAX_REDIRECTS,
  isRedirect,
  redirectTarget,
  sameOrigin,
  unfollowedRedirectError,
} from './redirect.js';

/**
 * One HTTP client for mirrors, chart repositories and registries, on Node's own `http` and
 * `https`. It honours HTTP(S)_PROXY and NO_PROXY like Helm does, keeps connections alive, and
 * retries transient failures (connection errors, timeouts, 408, 429, 5xx) with exponential
 * backoff and jitter, honouring Retry-After. GETs follow redirects; credentials stay with the
 * origin they were given for.
 */

export interface HttpClientOptions {
  timeoutSeconds: number;
  retries: number;
  caFile?: string;
  insecure?: boolean;
  logger: Logger;
  /** First backoff step; doubled per attempt. */
  retryBaseMs?: number;
}

export interface BasicAuth {
  username: string;
  password: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A multipart/form-data body of files. */
  form?: FormFile[];
  /**
   * Sent, like an `authorization` header, only to the origin (scheme, host, port) of the URL
   * asked for, never to another one a redirect leads to.
   */
  auth?: BasicAuth | { bearer: string };
  /** Retry transient failures (default true). Uploads pass true: the repository rejects duplicates. */
  retry?: boolean;
}

export interface FormFile {
  field: string;
  fileName: string;
  bytes: Uint8Array;
  type?: string;
}

/** An answer whose body the caller must read (readText, readBytes) or discard (discardBody). */
export interface HttpResponse {
  statusCode: number;
  /** The URL that answered: the one asked for, or where its redirects led. */
  url: string;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
}

const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_AFTER_MS = 60_000;
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const PERMANENT_NETWORK_CODES =
  /^(ENOTFOUND|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_INVALID_URL|ERR_PROXY_INVALID_CONFIG)/;
/** The code of the error a request fails with when the answer stalls for `request-timeout`. */
const TIMEOUT_CODE = 'ERR_REQUEST_TIMEOUT';
/** Node's http and https agents take `proxyEnv` from this version on. */
const PROXY_SUPPORT_SINCE = [24, 5] as const;

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
  request: typeof import('node:http').request;
  requestTls: typeof import('node:https').request;
}

export class HttpClient {
  #agents: Agents | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;
  readonly #tls: { ca?: string[]; rejectUnauthorized?: boolean } = {};
  readonly #proxyEnv: NodeProxyEnv;
  readonly #timeoutMs: number;
  readonly #options: HttpClientOptions;
  readonly #baseMs: number;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    const envBase = Number(process.env.HELM_PUBLISH_RETRY_BASE_MS);
    this.#baseMs = options.retryBaseMs ?? (Number.isFinite(envBase) && envBase > 0 ? envBase : 500);
    if (options.caFile !== undefined) {
      let pem: string;
      try {
        pem = readFileSync(options.caFile, 'utf8');
      } catch (error) {
        throw new PublishError(`cannot read \`ca-file\` ${options.caFile}: ${errorMessage(error)}`);
      }
      this.#tls.ca = [...rootCertificates, pem];
    }
    if (options.insecure === true) this.#tls.rejectUnauthorized = false;
    this.#timeoutMs = Math.round(options.timeoutSeconds * 1000);
    this.#proxyEnv = nodeProxyEnv(proxyEnvironment(process.env));
    const proxied =
      this.#proxyEnv.HTTP_PROXY !== undefined || this.#proxyEnv.HTTPS_PROXY !== undefined;
    if (proxied && !hasProxySupport(process.versions.node)) {
      throw new PublishError(
        `HTTP_PROXY/HTTPS_PROXY are set, but Node ${process.versions.node} cannot use them: run helm-publish on Node ${PROXY_SUPPORT_SINCE.join('.')} or later`,
      );
    }
  }

  /**
   * Node's http and https modules, loaded on the first request (built-ins: a few milliseconds),
   * and one keep-alive agent for each.
   */
  async #load(): Promise<Agents> {
    if (this.#agents !== undefined) return this.#agents;
    const [http, https] = await Promise.all([import('node:http'), import('node:https')]);
    let agents: Agents;
    try {
      agents = {
        http: new http.Agent({ keepAlive: true, proxyEnv: this.#proxyEnv }),
        https: new https.Agent({ keepAlive: true, proxyEnv: this.#proxyEnv, ...this.#tls }),
        request: http.request,
        requestTls: https.request,
      };
    } catch (error) {
      throw new PublishError(
        `the proxy settings are not valid (${errorMessage(error)}): fix or unset HTTP_PROXY/HTTPS_PROXY`,
        { cause: error },
      );
    }
    // Another request may have loaded them meanwhile: keep the first agents.
    return (this.#agents ??= agents);
  }

  /** Resolves once the client can send. */
  async ready(): Promise<void> {
    await this.#load();
  }

  get retries(): number {
    return this.#options.retries;
  }

  /**
   * Sends a request and returns the first answer that is neither transient nor a redirect to
   * follow (any status: the caller decides what it means and must read or discard the body).
   * GET and HEAD follow redirects (see redirect.ts); other methods fail on one. Credentials go
   * only to the origin of `url`: a hop to any other origin is sent without them.
   */
  async request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const method = options.method ?? 'GET';
    const agents = await this.#load();
    const form = options.form !== undefined ? multipartBody(options.form) : undefined;
    let current = url;
    for (let redirects = 0; ;) {
      const headers = this.#headers(options, sameOrigin(current, url));
      if (form !== undefined) {
        headers['content-type'] = form.contentType;
        headers['content-length'] = String(form.body.length);
      }
      const response = await this.#exchange(agents, url, current, method, headers, form?.body, {
        retry: options.retry !== false,
      });
      const location = response.headers.location;
      if (!isRedirect(response.statusCode) || location === undefined) return response;
      await discardBody(response);
      if (method !== 'GET' && method !== 'HEAD') {
        throw unfollowedRedirectError(
          method,
          current,
          response.statusCode,
          resolved(location, current),
        );
      }
      if (++redirects >= MAX_REDIRECTS) {
        throw new PublishError(
          `GET ${url}: stopped after ${String(MAX_REDIRECTS)} redirects (the last from ${current} to ${resolved(location, current)}); check the URL for a redirect loop`,
        );
      }
      current = redirectTarget(current, location);
    }
  }

  /** One hop: retries transient failures of `url` (reached from `start`) as `retries` says. */
  async #exchange(
    agents: Agents,
    start: string,
    url: string,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    { retry }: { retry: boolean },
  ): Promise<HttpResponse> {
    const maxAttempts = retry ? this.#options.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        if (this.#closed) throw new PublishError('the HTTP client is closed');
        response = await this.#send(agents, url, method, headers, body);
      } catch (error) {
        failure = error;
      }
      const transient = response
        ? TRANSIENT_STATUS.has(response.statusCode)
        : isTransientNetworkError(failure);
      if (!transient || attempt >= maxAttempts) {
        if (response) return response;
        const via = url === start ? '' : ` (redirected from ${start})`;
        throw new PublishError(`${method} ${url}${via} failed: ${describeNetworkError(failure)}`, {
          cause: failure,
        });
      }
      const retryAfter = response ? parseRetryAfter(response.headers['retry-after']) : undefined;
      if (response) await discardBody(response);
      const backoff = Math.min(MAX_BACKOFF_MS, this.#baseMs * 2 ** (attempt - 1));
      const jittered = backoff / 2 + Math.random() * (backoff / 2);
      const delay = retryAfter !== undefined ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) : jittered;
      const reason = response ? `HTTP ${response.statusCode}` : describeNetworkError(failure);
      this.#options.logger.info(
        `${method} ${url}: ${reason}; retrying in ${(delay / 1000).toFixed(1)}s (attempt ${attempt + 1} of ${maxAttempts})`,
      );
      await sleep(delay);
    }
  }

  /** One attempt: resolves with the answer's head; its body stays to be read. */
  #send(
    agents: Agents,
    url: string,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
  ): Promise<HttpResponse> {
    return new Promise((resolve, reject) => {
      const tls = url.startsWith('https:');
      const send = tls ? agents.requestTls : agents.request;
      const req = send(url, {
        method,
        headers,
        agent: tls ? agents.https : agents.http,
        timeout: this.#timeoutMs,
      });
      // The socket's idle time, while the request goes out and until the last byte of the
      // answer (a stalled body fails its reader with the same error).
      req.on('timeout', () => {
        const seconds = this.#timeoutMs / 1000;
        req.destroy(
          Object.assign(new Error(`no answer within \`request-timeout\` (${String(seconds)}s)`), {
            code: TIMEOUT_CODE,
          }),
        );
      });
      req.on('error', reject);
      req.on('response', (res: IncomingMessage) => {
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res, url });
      });
      req.end(body);
    });
  }

  /** The headers of one hop; without `withCredentials`, no `auth` and no `authorization` header. */
  #headers(options: RequestOptions, withCredentials: boolean): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': 'helm-publish' };
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (withCredentials || name.toLowerCase() !== 'authorization') headers[name] = value;
    }
    const auth = options.auth;
    if (auth !== undefined && withCredentials) {
      headers.authorization =
        'bearer' in auth
          ? `Bearer ${auth.bearer}`
          : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    }
    return headers;
  }

  /** Closes the connections; no request goes out after it. Later calls return the same promise. */
  close(): Promise<void> {
    if (this.#closing === undefined) {
      this.#closed = true;
      this.#agents?.http.destroy();
      this.#agents?.https.destroy();
      this.#closing = Promise.resolve();
    }
    return this.#closing;
  }
}

/**
 * A multipart/form-data body, as browsers' FormData encodes it: each file a part
 * with its field name, file name (`"`, CR and LF percent-encoded) and content type.
 */
export function multipartBody(files: readonly FormFile[]): { contentType: string; body: Buffer } {
  const boundary = `----helm-publish-${randomUUID()}`;
  const escape = (value: string): string =>
    value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const parts: Buffer[] = [];
  for (const file of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.field)}"; filename="${escape(file.fileName)}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat(parts) };
}

/** Node's http and https agents take proxy settings from `proxyEnv`; an empty one is none. */
export type NodeProxyEnv = Partial<Record<'HTTP_PROXY' | 'HTTPS_PROXY' | 'NO_PROXY', string>>;

/**
 * The settings for Node's agents, read as Go reads them: the proxy per scheme (`https://` URLs
 * take HTTPS_PROXY only), a proxy without a scheme taken as `http://` (Node would ignore it),
 * and NO_PROXY with every plain host name written `.name`, which Node matches against the name
 * and its subdomains, as Go does for `name`.
 */
export function nodeProxyEnv(settings: ReturnType<typeof proxyEnvironment>): NodeProxyEnv {
  const env: NodeProxyEnv = {};
  const withScheme = (proxy: string): string => (proxy.includes('://') ? proxy : `http://${proxy}`);
  if (settings.httpProxy !== '') env.HTTP_PROXY = withScheme(settings.httpProxy);
  if (settings.httpsProxy !== '') env.HTTPS_PROXY = withScheme(settings.httpsProxy);
  const noProxy = settings.noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => (/^[.*]/.test(entry) || entry.includes(':') ? entry : `.${entry}`));
  if (noProxy.length > 0) env.NO_PROXY = noProxy.join(',');
  return env;
}

export function hasProxySupport(nodeVersion: string): boolean {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  const [sinceMajor, sinceMinor] = PROXY_SUPPORT_SINCE;
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

/**
 * The proxy settings as Helm (Go) reads them: the upper-case variable first, then the lower-case
 * one, and a variable that is set but empty counts as not set. (Node on its own reads the
 * lower-case one first, even when empty.)
 */
export function proxyEnvironment(env: NodeJS.ProcessEnv): {
  httpProxy: string;
  httpsProxy: string;
  noProxy: string;
} {
  const first = (...names: string[]): string =>
    names.map((name) => env[name]).find((value) => value !== undefined && value !== '') ?? '';
  return {
    httpProxy: first('HTTP_PROXY', 'http_proxy'),
    httpsProxy: first('HTTPS_PROXY', 'https_proxy'),
    noProxy: first('NO_PROXY', 'no_proxy'),
  };
}

export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - Date.now());
}

function networkCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = (error as { cause?: unknown }).cause;
    if (typeof code === 'string') return code;
    if (cause !== undefined) return networkCode(cause);
  }
  return '';
}

export function isTransientNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof PublishError) return false;
  return !PERMANENT_NETWORK_CODES.test(networkCode(error));
}

export function describeNetworkError(error: unknown): string {
  const code = networkCode(error);
  const message = errorMessage(error);
  if (code === TIMEOUT_CODE) return message;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS certificate not trusted (${code}): set \`ca-file\` to the repository's CA bundle`;
  }
  return code !== '' && !message.includes(code) ? `${message} (${code})` : message;
}

/** A Location as an absolute URL where it can be read as one, for messages. */
function resolved(location: string, base: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}

/** Past this much, a body to discard is cut off with its connection rather than read. */
const DISCARD_LIMIT_BYTES = 256 * 1024;

/**
 * Drops an answer's body: reads it to its end, so that its connection can serve the next
 * request, or, when it is larger than DISCARD_LIMIT_BYTES, closes the connection instead.
 */
export async function discardBody(response: HttpResponse): Promise<void> {
  const body = response.body;
  if (body.readableEnded || body.destroyed) return;
  await new Promise<void>((resolve) => {
    let size = 0;
    body
      .on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > DISCARD_LIMIT_BYTES) body.destroy();
      })
      .once('end', resolve)
      .once('close', resolve)
      .once('error', () => resolve());
  });
}

/** Reads an answer's whole body. */
export async function readBytes(response: HttpResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a response body as text, bounded so that an unexpected huge page cannot exhaust memory. */
export async function readText(response: HttpResponse, limit = 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const buf = chunk as Buffer;
    if (size < limit) chunks.push(buf.subarray(0, limit - size));
    size += buf.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The `error` field of a ChartMuseum/registry JSON error body, else the body's first line. */
export function errorDetail(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const record = parsed as Record<string, unknown>;
      if (typeof record.error === 'string') return record.error;
      if (typeof record.message === 'string') return record.message;
      const errors = record.errors;
      if (Array.isArray(errors) && errors.length > 0) {
        const first = errors[0] as Record<string, unknown>;
        if (typeof first.message === 'string') return first.message;
      }
    }
  } catch {
    // not JSON
  }
  const line = body.trim().split('\n')[0] ?? '';
  return /^<(!doctype|html)/i.test(line) ? 'an HTML page' : line.slice(0, 200);
}
