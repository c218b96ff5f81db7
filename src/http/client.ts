import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { Dispatcher, EnvHttpProxyAgent } from 'undici';
import { PublishError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { sleep } from '../util/concurrency.js';

/**
 * One HTTP client for mirrors, chart repositories and registries. It honours HTTP(S)_PROXY and
 * NO_PROXY like Helm does, keeps connections alive, and retries transient failures (connection
 * errors, 408, 429, 5xx) with exponential backoff and jitter, honouring Retry-After.
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
  method?: Dispatcher.HttpMethod;
  headers?: Record<string, string>;
  /** A factory, so that every retry sends a fresh body. */
  body?: () => Dispatcher.DispatchOptions['body'];
  /**
   * A multipart/form-data body of files, built anew for every attempt with undici's FormData.
   * (Node's global FormData would load Node's own copy of undici: 60–90 ms more here.)
   */
  form?: FormFile[];
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

export type HttpResponse = Dispatcher.ResponseData;

const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_AFTER_MS = 60_000;
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const PERMANENT_NETWORK_CODES =
  /^(ENOTFOUND|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_INVALID_URL)/;

type Undici = typeof import('undici');
let undici: Promise<Undici> | undefined;

/**
 * undici is the largest module in the bundle: evaluating it costs more than the rest of
 * start-up. It is a chunk of its own, loaded on the first request, by which time the first
 * Helm process is usually running on the other core.
 */
function loadUndici(): Promise<Undici> {
  return (undici ??= import('undici'));
}

export class HttpClient {
  readonly #agentOptions: EnvHttpProxyAgent.Options;
  #dispatcher: Promise<Dispatcher> | undefined;
  #closing: Promise<void> | undefined;
  readonly #options: HttpClientOptions;
  readonly #baseMs: number;

  constructor(options: HttpClientOptions) {
    this.#options = options;
    const envBase = Number(process.env.HELM_PUBLISH_RETRY_BASE_MS);
    this.#baseMs = options.retryBaseMs ?? (Number.isFinite(envBase) && envBase > 0 ? envBase : 500);
    const tls: { ca?: string[]; rejectUnauthorized?: boolean } = {};
    if (options.caFile !== undefined) {
      let pem: string;
      try {
        pem = readFileSync(options.caFile, 'utf8');
      } catch (error) {
        throw new PublishError(`cannot read \`ca-file\` ${options.caFile}: ${errorMessage(error)}`);
      }
      tls.ca = [...rootCertificates, pem];
    }
    if (options.insecure === true) tls.rejectUnauthorized = false;
    const timeout = Math.round(options.timeoutSeconds * 1000);
    // `requestTls` reaches the ProxyAgent EnvHttpProxyAgent builds for proxied requests (TLS to
    // the repository through the tunnel); `connect` covers direct connections.
    const agentOptions: EnvHttpProxyAgent.Options & { requestTls: typeof tls } = {
      connect: tls,
      requestTls: tls,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      keepAliveTimeout: 10_000,
      ...proxyEnvironment(process.env),
    };
    this.#agentOptions = agentOptions;
  }

  #agent(): Promise<Dispatcher> {
    return (this.#dispatcher ??= loadUndici().then((u) =>
      withoutWarning('UNDICI-EHPA', () => new u.EnvHttpProxyAgent(this.#agentOptions)),
    ));
  }

  /** Resolves once the client can send: undici loaded and the agent made. */
  async ready(): Promise<void> {
    await this.#agent();
  }

  get retries(): number {
    return this.#options.retries;
  }

  /**
   * Sends a request; retries transient failures and returns the first non-transient response
   * (any status: the caller decides what it means and must consume or dump the body).
   */
  async request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const method = options.method ?? 'GET';
    const maxAttempts = options.retry === false ? 1 : this.#options.retries + 1;
    const [{ request, FormData }, dispatcher] = await Promise.all([loadUndici(), this.#agent()]);
    const body = (): Dispatcher.DispatchOptions['body'] => {
      if (options.form === undefined) return options.body?.();
      const form = new FormData();
      for (const file of options.form) {
        const blob = new Blob([file.bytes], file.type !== undefined ? { type: file.type } : {});
        form.append(file.field, blob, file.fileName);
      }
      return form;
    };
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        response = await request(url, {
          dispatcher,
          method,
          headers: this.#headers(options),
          body: body(),
        });
      } catch (error) {
        failure = error;
      }
      const transient = response
        ? TRANSIENT_STATUS.has(response.statusCode)
        : isTransientNetworkError(failure);
      if (!transient || attempt >= maxAttempts) {
        if (response) return response;
        throw new PublishError(`${method} ${url} failed: ${describeNetworkError(failure)}`, {
          cause: failure,
        });
      }
      const retryAfter = response ? parseRetryAfter(response.headers['retry-after']) : undefined;
      if (response) await response.body.dump().catch(() => undefined);
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

  #headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': 'helm-publish',
      ...options.headers,
    };
    const auth = options.auth;
    if (auth !== undefined) {
      headers.authorization =
        'bearer' in auth
          ? `Bearer ${auth.bearer}`
          : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    }
    return headers;
  }

  /** Closes the connections; later calls wait for the same close. */
  close(): Promise<void> {
    if (this.#dispatcher === undefined) return Promise.resolve();
    return (this.#closing ??= this.#dispatcher.then((dispatcher) => dispatcher.close()));
  }
}

/**
 * undici 6 flags EnvHttpProxyAgent as experimental with a process warning on every run; it is
 * the same proxy logic Node's own fetch uses, so that one warning is noise in users' logs.
 */
function withoutWarning<T>(code: string, create: () => T): T {
  const original = process.emitWarning.bind(process);
  process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
    const options = rest[0];
    const warningCode =
      typeof options === 'object' && options !== null
        ? (options as { code?: string }).code
        : rest[1];
    if (warningCode === code) return;
    (original as (...args: unknown[]) => void)(warning, ...rest);
  };
  try {
    return create();
  } finally {
    process.emitWarning = original;
  }
}

/**
 * The proxy settings as Helm (Go) reads them: the upper-case variable first, then the lower-case
 * one, and a variable that is set but empty counts as not set. (undici on its own reads the
 * lower-case one first, even when empty.) Left to undici: an `https://` URL goes through
 * HTTP_PROXY when no HTTPS_PROXY is set, where Go would go direct.
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
    if (typeof code === 'string' && code !== 'UND_ERR_SOCKET') return code;
    if (cause !== undefined) {
      const inner = networkCode(cause);
      if (inner !== '') return inner;
    }
    if (typeof code === 'string') return code;
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
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return `no answer within \`request-timeout\` (${code})`;
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS certificate not trusted (${code}): set \`ca-file\` to the repository's CA bundle`;
  }
  return code !== '' && !message.includes(code) ? `${message} (${code})` : message;
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
