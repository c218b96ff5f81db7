import { PublishError, errorMessage } from '../errors.js';
import { type BasicAuth, type HttpClient } from '../http/client.js';
import {
  type HttpResponse,
  READ_LIMITS,
  cappedLines,
  discardBody,
  errorDetail,
  readBytes,
  readText,
} from '../http/body.js';
import { IndexFormatError } from '../index/errors.js';
import type { IndexEntry } from '../index/lookup.js';
import { apiBaseUrl, chartDownloadUrl } from './chartrepo-urls.js';
import { lookUpStored, type StoredVersion } from './stored.js';

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

export { apiBaseUrl, chartDownloadUrl, isPlainPath } from './chartrepo-urls.js';

/** Basic credentials, or a token sent as `Authorization: Bearer` (ChartMuseum --bearer-auth). */
export type RepoAuth = BasicAuth | { bearer: string };

export type UploadOutcome = 'saved' | 'exists';

/**
 * A 401 on upload: the same credentials go to every namespace, so no further upload is tried (a
 * public Harbor project reads fine with a wrong password; only the upload tells).
 */
export class CredentialsRejectedError extends PublishError {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialsRejectedError';
  }
}

/**
 * The HTML-instead-of-YAML message. Harbor ≥ 2.8 removed chart repositories: `/chartrepo/…`
 * answers its web portal (goharbor/harbor v2.8.0 nginx.http.conf.jinja has no /chartrepo/).
 */
function htmlIndexMessage(indexUrl: string, repoUrl: string, page = ''): string {
  const oci = `push to Harbor's OCI registry instead with \`push-method: oci\` and \`repo-url: oci://${new URL(repoUrl).host}/<project>\``;
  if (/<harbor-app\b|<title>\s*Harbor\s*<\/title>/i.test(page))
    return `${indexUrl} answered Harbor's web portal page instead of YAML: Harbor 2.8 and later removed chart repositories; ${oci}`;
  const harbor = /\/chartrepo\//.test(new URL(repoUrl).pathname)
    ? ` (on Harbor 2.8 and later, which removed chart repositories, ${oci})`
    : '';
  return `${indexUrl} answered an HTML page instead of YAML (a login page or proxy?): check \`repo-url\` for ${repoUrl}${harbor}`;
}

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

  /** The credentials, for the repository's own origin only (see http/credentials.ts). */
  get #auth(): { auth: RepoAuth; authOrigin: string } | undefined {
    return this.auth !== undefined
      ? { auth: this.auth, authOrigin: new URL(this.url).origin }
      : undefined;
  }

  /** GET index.yaml; throws a clear error unless it answered 200 with something not HTML. */
  async #getIndex(signal?: AbortSignal): Promise<HttpResponse> {
    const response = await this.http.request(this.indexUrl, {
      headers: {
        accept: 'application/x-yaml, application/yaml, text/yaml, */*',
        'cache-control': 'no-cache',
        pragma: 'no-cache',
      },
      ...this.#auth,
      signal,
    });
    const status = response.statusCode;
    if (status !== 200) {
      const body = await readText(response);
      throw this.#statusError(status, `GET ${this.indexUrl}`, body, 'index');
    }
    const contentType = response.headers['content-type'] ?? '';
    if (/text\/html/i.test(contentType)) {
      const page = await readText(response);
      throw new PublishError(htmlIndexMessage(this.indexUrl, this.url, page));
    }
    return response;
  }

  /** Streams index.yaml and picks out the wanted versions; never holds the whole index. */
  async readIndex(wanted: WantedVersion[], signal?: AbortSignal): Promise<IndexSnapshot> {
    const [reader, answer] = await Promise.allSettled([loadIndexReader(), this.#getIndex(signal)]);
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
      const limits = { maxBytes: READ_LIMITS.index, maxLineBytes: READ_LIMITS.indexLine };
      const found = await lookupIndexMany(
        cappedLines(response, limits, this.indexUrl),
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
            ? htmlIndexMessage(this.indexUrl, this.url)
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
      ...this.#auth,
    });
    const status = response.statusCode;
    const body = await readText(response);
    // ChartMuseum answers 201 (202 accepted too, as helm-push 0.10 does); a 200 is something
    // else in the way that stored nothing.
    if (status === 201 || status === 202) return 'saved';
    if (status === 409) return 'exists';
    if (status === 200) {
      const what = /text\/html/i.test(response.headers['content-type'] ?? '')
        ? 'an HTML page'
        : `"${errorDetail(body)}"`;
      throw new PublishError(
        `POST ${target} answered 200 with ${what} instead of 201 (a proxy or login page?): nothing was stored; check \`repo-url\` for ${this.url}`,
      );
    }
    throw this.#statusError(status, `POST ${target}`, body, 'upload');
  }

  /**
   * What the repository stores for a version, asked of its chart API and then its storage
   * (see stored.ts); undefined when neither says.
   */
  lookUpStored(
    name: string,
    version: string,
    contextPath?: string,
  ): Promise<StoredVersion | undefined> {
    const enc = encodeURIComponent;
    const origin = new URL(this.url).origin;
    const auth = this.#auth;
    return lookUpStored({
      apiUrl: `${apiBaseUrl(this.url, contextPath)}/charts/${enc(name)}/${enc(version)}`,
      archiveUrl: chartDownloadUrl(this.url, `charts/${enc(`${name}-${version}`)}.tgz`),
      get: (url, accept) =>
        this.http.request(url, {
          headers: { accept, 'cache-control': 'no-cache' },
          ...(new URL(url).origin === origin && auth),
        }),
      readArchive: (response) => readBytes(response, READ_LIMITS.chartArchive),
    });
  }

  #statusError(
    status: number,
    what: string,
    body: string,
    kind: 'index' | 'upload' | 'download',
  ): PublishError {
    const detail = errorDetail(body);
    if (status === 401 && kind === 'upload') {
      return new CredentialsRejectedError(
        `${what} answered 401 (unauthorized): check ${this.#credentials} for ${this.url}: the credentials were rejected (no further uploads were tried: every namespace gets the same credentials)`,
      );
    }
    if (status === 401) {
      return new PublishError(
        `${what} answered 401 (unauthorized): check ${this.#credentials} for ${this.url} (Harbor and TCR also answer 401 to anonymous callers for a namespace that does not exist)`,
      );
    }
    if (status === 403) {
      // Harbor answers 403 to any logged-in account (robots too) for an unknown project.
      return new PublishError(
        `${what} answered 403 (forbidden): the namespace does not exist or the account may not ${kind === 'upload' ? 'push to' : 'read'} it; check the namespace in \`repo-url\`/\`namespaces\` and the account's role for ${this.url}`,
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
