import path from 'node:path';
import { PublishError, errorMessage } from '../errors.js';
import {
  type BasicAuth,
  type HttpClient,
  type HttpResponse,
  discardBody,
  errorDetail,
  readBytes,
  readText,
} from '../http/client.js';
import { IndexFormatError } from '../index/errors.js';
import type { IndexEntry } from '../index/lookup.js';

type IndexReader = typeof import('../index/lookup.js');
let indexReader: Promise<IndexReader> | undefined;

/**
 * The index reader, and the YAML library it uses, are a chunk loaded with the first index read:
 * the answer is on its way meanwhile, and start-up (up to the first Helm process) does without.
 */
function loadIndexReader(): Promise<IndexReader> {
  return (indexReader ??= import('../index/lookup.js'));
}

/**
 * A ChartMuseum-API chart repository (ChartMuseum, Harbor and TCR `chartrepo`): its index,
 * upload API and downloads.
 */

export interface WantedVersion {
  chart: string;
  version: string;
}

export interface IndexSnapshot {
  contextPath?: string;
  /** Keyed by `chart@version`. */
  entries: Map<string, IndexEntry>;
}

export const versionKey = (chart: string, version: string): string => `${chart}@${version}`;

/**
 * The upload API base for a repository URL: `path.Join(contextPath, "api", <repo path without
 * the context path>)` on the same origin, as helm-push computes it. Harbor/TCR
 * `/chartrepo/<ns>` → `/api/chartrepo/<ns>`; ChartMuseum `/` → `/api`; `/ctx` → `/ctx/api`.
 */
export function apiBaseUrl(repoUrl: string, contextPath?: string): string {
  const url = new URL(repoUrl);
  const repoPath = url.pathname.replace(/\/+$/, '');
  const ctx = (contextPath ?? '').replace(/\/+$/, '');
  const rest =
    ctx !== '' && (repoPath === ctx || repoPath.startsWith(`${ctx}/`))
      ? repoPath.slice(ctx.length)
      : repoPath;
  const api = path.posix.join(ctx === '' ? '/' : ctx, 'api', rest);
  return `${url.origin}${api}`;
}

/** Resolves an index entry URL (relative to the repository, or absolute). */
export function chartDownloadUrl(repoUrl: string, entryUrl: string): string {
  return new URL(entryUrl, `${repoUrl.replace(/\/+$/, '')}/`).toString();
}

/** Basic credentials, or a token sent as `Authorization: Bearer` (ChartMuseum --bearer-auth). */
export type RepoAuth = BasicAuth | { bearer: string };

export type UploadOutcome = 'saved' | 'exists';

export interface UploadRequest {
  fileName: string;
  bytes: Buffer;
  provenance?: Buffer;
  force: boolean;
  contextPath?: string;
}

export class ChartRepository {
  constructor(
    readonly url: string,
    private readonly http: HttpClient,
    private readonly auth?: RepoAuth,
  ) {}

  /** The inputs that hold the credentials, for error messages. */
  get #credentials(): string {
    return this.auth !== undefined && 'bearer' in this.auth
      ? '`access-token`'
      : '`username`/`password`';
  }

  get indexUrl(): string {
    return `${this.url}/index.yaml`;
  }

  /** GET index.yaml; throws a clear error unless it answered 200 with something not HTML. */
  async #getIndex(): Promise<HttpResponse> {
    const response = await this.http.request(this.indexUrl, {
      headers: {
        accept: 'application/x-yaml, application/yaml, text/yaml, */*',
        'cache-control': 'no-cache',
        pragma: 'no-cache',
      },
      ...(this.auth && { auth: this.auth }),
    });
    const status = response.statusCode;
    if (status !== 200) {
      const body = await readText(response, 64 * 1024);
      throw this.#statusError(status, `GET ${this.indexUrl}`, body, 'index');
    }
    const contentType = response.headers['content-type'] ?? '';
    if (/text\/html/i.test(contentType)) {
      await discardBody(response);
      throw new PublishError(
        `${this.indexUrl} answered an HTML page instead of YAML (a login page or proxy?): check \`repo-url\` for ${this.url}`,
      );
    }
    return response;
  }

  /** Streams index.yaml and picks out the wanted versions; never holds the whole index. */
  async readIndex(wanted: WantedVersion[]): Promise<IndexSnapshot> {
    const [reader, answer] = await Promise.allSettled([loadIndexReader(), this.#getIndex()]);
    if (answer.status === 'rejected') throw answer.reason;
    const response = answer.value;
    if (reader.status === 'rejected') {
      // The answer is on its way: let it go (a large one goes with its connection).
      await discardBody(response);
      throw new PublishError(
        `cannot load the index reader of helm-publish: ${errorMessage(reader.reason)}; reinstall the action (is dist/ complete?)`,
        { cause: reader.reason },
      );
    }
    const { lookupIndexMany } = reader.value;
    try {
      const found = await lookupIndexMany(
        response.body,
        wanted.map((w) => ({ chart: w.chart, version: w.version })),
      );
      return {
        entries: found.entries,
        ...(found.contextPath !== undefined && { contextPath: found.contextPath }),
      };
    } catch (error) {
      if (error instanceof IndexFormatError) {
        throw new PublishError(
          error.kind === 'html'
            ? `${this.indexUrl} answered an HTML page instead of YAML (a login page or proxy?): check \`repo-url\` for ${this.url}`
            : `${this.indexUrl} is not a valid chart repository index (${error.message}): check \`repo-url\` for ${this.url}`,
        );
      }
      throw new PublishError(`reading ${this.indexUrl} failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  /** Uploads a packaged chart (multipart field `chart`, optional `prov`). */
  async upload(request: UploadRequest): Promise<UploadOutcome> {
    const target = `${apiBaseUrl(this.url, request.contextPath)}/charts${request.force ? '?force' : ''}`;
    const response = await this.http.request(target, {
      method: 'POST',
      form: [
        {
          field: 'chart',
          fileName: request.fileName,
          bytes: request.bytes,
          type: 'application/gzip',
        },
        ...(request.provenance !== undefined
          ? [{ field: 'prov', fileName: `${request.fileName}.prov`, bytes: request.provenance }]
          : []),
      ],
      ...(this.auth && { auth: this.auth }),
    });
    const status = response.statusCode;
    const body = await readText(response, 64 * 1024);
    if (status === 200 || status === 201 || status === 202) return 'saved';
    if (status === 409) return 'exists';
    throw this.#statusError(status, `POST ${target}`, body, 'upload');
  }

  /** Downloads a chart by its index URL, with the repository's credentials. */
  async download(entryUrl: string): Promise<Buffer> {
    const url = chartDownloadUrl(this.url, entryUrl);
    const sameOrigin = new URL(url).origin === new URL(this.url).origin;
    const response = await this.http.request(url, {
      ...(this.auth && sameOrigin && { auth: this.auth }),
    });
    if (response.statusCode !== 200) {
      const body = await readText(response, 64 * 1024);
      throw this.#statusError(response.statusCode, `GET ${url}`, body, 'download');
    }
    return readBytes(response);
  }

  #statusError(
    status: number,
    what: string,
    body: string,
    kind: 'index' | 'upload' | 'download',
  ): PublishError {
    const detail = errorDetail(body);
    if (status === 401 || status === 403) {
      return new PublishError(
        `${what} answered ${status} (${status === 401 ? 'unauthorized' : 'forbidden'}): check ${this.#credentials} for ${this.url}${status === 403 ? ' and that the user may push to this namespace' : ''}`,
      );
    }
    if (status === 404) {
      return new PublishError(
        kind === 'upload'
          ? `${what} answered 404: no upload API there; check the namespace, \`repo-url\` and \`context-path\` for ${this.url}`
          : `${what} answered 404: no chart repository at ${this.url}; check the namespace and \`repo-url\``,
      );
    }
    return new PublishError(`${what} answered HTTP ${status}${detail !== '' ? `: ${detail}` : ''}`);
  }
}
