import { PublishError } from '../errors.js';
import { type BasicAuth, type HttpClient } from '../http/client.js';
import {
  READ_LIMITS,
  discardBody,
  errorDetail,
  readBytes,
  readText,
  type HttpResponse,
} from '../http/body.js';
import { tokenRealmUrl } from './token-realm.js';

/**
 * Just enough of the OCI distribution API to read a tag's chart layer digest (the .tgz's
 * SHA-256), with the 401 challenge flow: a Bearer token from the realm, or plain Basic.
 */

export const HELM_CHART_LAYER = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** OCI tags cannot hold `+`; Helm stores `1.0.0+build` under `1.0.0_build`. */
export function ociTag(version: string): string {
  return version.replace(/\+/g, '_');
}

export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/** Parses `Bearer realm="https://x/token",service="reg",scope="repository:a/b:pull"`. */
export function parseChallenge(header: string): Challenge | undefined {
  const m = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  const re = /(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g;
  for (let p = re.exec(m[2] ?? ''); p !== null; p = re.exec(m[2] ?? '')) {
    params[(p[1] ?? '').toLowerCase()] = (p[2] ?? p[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return { scheme: (m[1] ?? '').toLowerCase(), params };
}

export interface ManifestInfo {
  /** Hex SHA-256 of the chart layer, when the manifest has one. */
  chartDigest?: string;
}

export class RegistryClient {
  readonly #tokens = new Map<string, string>();

  constructor(
    private readonly host: string,
    private readonly http: HttpClient,
    private readonly auth: BasicAuth | undefined,
    private readonly plainHttp: boolean,
  ) {}

  get #base(): string {
    return `${this.plainHttp ? 'http' : 'https'}://${this.host}`;
  }

  /**
   * The manifest of `repository:tag`, or undefined when absent. With `onDenied`, 401/403 also
   * means absent (distribution/distribution#1291) and `onDenied` hears of it.
   */
  async manifest(
    repository: string,
    tag: string,
    onDenied?: (status: number) => void,
    signal?: AbortSignal,
  ): Promise<ManifestInfo | undefined> {
    const url = `${this.#base}/v2/${repository}/manifests/${encodeURIComponent(tag)}`;
    const scope = `repository:${repository}:pull`;
    let response = await this.#get(url, this.#tokens.get(scope), signal);
    if (response.statusCode === 401) {
      const header = response.headers['www-authenticate'] ?? '';
      await discardBody(response);
      // A challenge from elsewhere (after a redirect) gets no credentials.
      const ours = new URL(response.url).origin === new URL(this.#base).origin;
      const token = ours ? await this.#authorize(parseChallenge(header), scope) : undefined;
      response = await this.#get(url, token, signal);
    }
    const status = response.statusCode;
    const body =
      status === 200
        ? (await readBytes(response, READ_LIMITS.manifest, `the manifest ${url}`)).toString()
        : await readText(response);
    if (status === 404) return undefined;
    if ((status === 401 || status === 403) && onDenied !== undefined) {
      onDenied(status);
      return undefined;
    }
    if (status === 401 || status === 403) {
      throw new PublishError(
        `${url} answered ${status}: check \`username\`/\`password\` for oci://${this.host}/${repository}`,
      );
    }
    if (status !== 200) {
      throw new PublishError(`${url} answered HTTP ${status}: ${errorDetail(body)}`);
    }
    let manifest: { layers?: Array<{ mediaType?: string; digest?: string }> };
    try {
      manifest = JSON.parse(body) as typeof manifest;
    } catch {
      throw new PublishError(`${url} did not answer a JSON manifest`);
    }
    const layer = manifest.layers?.find((l) => l.mediaType === HELM_CHART_LAYER);
    const digest = layer?.digest?.replace(/^sha256:/, '');
    return digest !== undefined ? { chartDigest: digest } : {};
  }

  #get(url: string, token: string | undefined, signal?: AbortSignal): Promise<HttpResponse> {
    const auth =
      token === 'basic' ? this.auth : token !== undefined ? { bearer: token } : undefined;
    return this.http.request(url, {
      headers: { accept: MANIFEST_ACCEPT },
      ...(auth !== undefined && { auth, authOrigin: new URL(this.#base).origin }),
      signal,
    });
  }

  /** Answers a 401 challenge: a Bearer token from the realm, or Basic credentials. */
  async #authorize(challenge: Challenge | undefined, scope: string): Promise<string | undefined> {
    if (challenge?.scheme === 'basic') {
      if (this.auth !== undefined) this.#tokens.set(scope, 'basic');
      return this.auth !== undefined ? 'basic' : undefined;
    }
    const realm = challenge?.params.realm;
    if (challenge?.scheme !== 'bearer' || realm === undefined) return undefined;
    const tokenUrl = tokenRealmUrl(realm, this.#base);
    if (challenge.params.service !== undefined)
      tokenUrl.searchParams.set('service', challenge.params.service);
    tokenUrl.searchParams.set('scope', challenge.params.scope ?? scope);
    // The Basic credentials go to the token service the registry names (Docker's token spec;
    // docs/RELIABILITY.md "Security" says why), never over plain http from an https registry.
    const response = await this.http.request(tokenUrl.toString(), {
      ...(this.auth !== undefined && { auth: this.auth, authOrigin: tokenUrl.origin }),
    });
    const status = response.statusCode;
    if (status !== 200) await discardBody(response);
    if (status === 401 || status === 403) {
      throw new PublishError(
        `the registry's token service refused the credentials (${status}): check \`username\`/\`password\` for oci://${this.host}`,
      );
    }
    if (status !== 200) {
      throw new PublishError(`token request to ${tokenUrl.origin} answered HTTP ${status}`);
    }
    const what = `the token answer from ${tokenUrl.origin}`;
    const token = tokenOf(await readBytes(response, READ_LIMITS.tokenAnswer, what), what);
    this.#tokens.set(scope, token);
    return token;
  }
}

/** The token of a token service's JSON answer; the answer itself is never quoted (it may hold one). */
function tokenOf(body: Buffer, what: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new PublishError(
      `${what} is not JSON (${String(body.length)} bytes): is the registry's token service behind a proxy or login page?`,
    );
  }
  const record =
    parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  const token = record.token ?? record.access_token;
  if (typeof token !== 'string' || token === '') throw new PublishError(`${what} has no token`);
  return token;
}
