import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { rootCertificates } from 'node:tls';
import { PublishError, errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';
import { sleep } from '../util/concurrency.js';
import { discardBody, type HttpResponse } from './body.js';
import { credentialsOrigin, hopHeaders, originOf } from './credentials.js';
import { DeadlineError, requestDeadline, type RequestDeadline } from './deadline.js';
import { multipartBody, type FormFile } from './multipart.js';
import { hasProxySupport, PROXY_SUPPORT_SINCE, type NodeProxyEnv } from './proxy.js';
import {
  describeNetworkError,
  isTransientNetworkError,
  MAX_BACKOFF_MS,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  TIMEOUT_CODE,
  TRANSIENT_STATUS,
} from './retry.js';
import {
  MAX_REDIRECTS,
  isRedirect,
  redirectTarget,
  tooManyRedirectsError,
  unfollowedRedirectError,
} from './redirect.js';

/**
 * One HTTP client for mirrors, chart repositories and registries on Node's `http`/`https`:
 * proxies read as Helm reads them, keep-alive, retries with backoff, credentials kept to origin.
 */

export interface HttpClientOptions {
  timeoutSeconds: number;
  retries: number;
  caFile?: string;
  insecure?: boolean;
  logger: Logger;
  /** First backoff step; doubled per attempt. */
  retryBaseMs?: number;
  /** Proxy settings for Node's agents (see networkSettings); none when absent. */
  proxyEnv?: NodeProxyEnv;
  /**
   * A request's total time, attempts and body included, unless it brings its own; by default
   * DEADLINE_FACTOR × `timeoutSeconds` (the message then names `request-timeout`).
   */
  deadlineSeconds?: number;
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
  /**
   * The origin (scheme, host, port) the credentials were given for; by default that of `url`.
   * A request to another origin with credentials is refused before anything is sent.
   */
  authOrigin?: string;
  /** This request's total deadline (attempts, redirects and body), instead of the client's. */
  deadlineSeconds?: number;
  /** Stops the request (or the reading of its body) with the signal's reason. */
  signal?: AbortSignal;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
  request: typeof import('node:http').request;
  requestTls: typeof import('node:https').request;
}

const DEFAULT_RETRY_BASE_MS = 500;

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
    this.#baseMs = options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS;
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
    this.#proxyEnv = options.proxyEnv ?? {};
    const proxied =
      this.#proxyEnv.HTTP_PROXY !== undefined || this.#proxyEnv.HTTPS_PROXY !== undefined;
    if (proxied && !hasProxySupport(process.versions.node)) {
      throw new PublishError(
        `HTTP_PROXY/HTTPS_PROXY are set, but Node ${process.versions.node} cannot use them: run helm-publish on Node ${PROXY_SUPPORT_SINCE.join('.')} or later`,
      );
    }
  }

  /** Node's http and https, loaded with the first request (ADR 1), with one keep-alive agent each. */
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

  /**
   * The first answer neither transient nor a redirect to follow; the caller judges the status and
   * must read or discard the body. Only GET and HEAD follow redirects; one deadline covers it all.
   */
  async request(url: string, options: RequestOptions = {}): Promise<HttpResponse> {
    const method = options.method ?? 'GET';
    const authOrigin = credentialsOrigin(url, options);
    const deadline = requestDeadline(method, url, options, this.#options);
    try {
      const response = await this.#follow(url, method, options, authOrigin, deadline);
      // The deadline runs on until the body is read or dropped.
      response.body.once('close', () => deadline.clear());
      return response;
    } catch (error) {
      deadline.clear();
      throw error;
    }
  }

  async #follow(
    url: string,
    method: string,
    options: RequestOptions,
    authOrigin: string,
    deadline: RequestDeadline,
  ): Promise<HttpResponse> {
    const agents = await this.#load();
    const form = options.form !== undefined ? multipartBody(options.form) : undefined;
    let current = url;
    for (let redirects = 0; ;) {
      const headers = hopHeaders(options, originOf(current) === authOrigin);
      if (form !== undefined) {
        headers['content-type'] = form.contentType;
        headers['content-length'] = String(form.body.length);
      }
      const hop = { start: url, url: current, method, headers, body: form?.body };
      const response = await this.#exchange(agents, hop, deadline);
      const location = response.headers.location;
      if (!isRedirect(response.statusCode) || location === undefined) return response;
      await discardBody(response);
      if (method !== 'GET' && method !== 'HEAD') {
        throw unfollowedRedirectError(method, current, response.statusCode, location);
      }
      if (++redirects >= MAX_REDIRECTS) throw tooManyRedirectsError(url, current, location);
      current = redirectTarget(current, location);
    }
  }

  /** One hop: retries transient failures of `url` (reached from `start`) as `retries` says. */
  async #exchange(agents: Agents, hop: Hop, deadline: RequestDeadline): Promise<HttpResponse> {
    const { start, url, method } = hop;
    const maxAttempts = this.#options.retries + 1;
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | undefined;
      let failure: unknown;
      try {
        if (this.#closed) throw new PublishError('the HTTP client is closed');
        if (deadline.error !== undefined) throw deadline.error;
        response = await this.#send(agents, hop, deadline);
      } catch (error) {
        if (error instanceof DeadlineError || error === deadline.error) throw error;
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
      await sleep(Math.min(delay, deadline.remainingMs()));
    }
  }

  /** One attempt: resolves with the answer's head; its body stays to be read. */
  #send(agents: Agents, hop: Hop, deadline: RequestDeadline): Promise<HttpResponse> {
    const { url, method, headers, body } = hop;
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
      deadline.watch(req);
      req.on('response', (res: IncomingMessage) => {
        deadline.watch(res);
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: res, url });
      });
      req.end(body);
    });
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

interface Hop {
  /** The URL asked for, before redirects. */
  start: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
}
