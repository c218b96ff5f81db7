import { discardBody, readText, type HttpResponse } from '../http/body.js';
import { sha256 } from '../util/hash.js';

/**
 * Whether a version `verify` did not find in time is stored, asked of the chart-version API, then
 * of the archive itself, since a replica or cache behind index.yaml may lag (docs/ARCHITECTURE.md).
 */

export interface StoredVersion {
  /** Hex SHA-256 the repository stores. */
  digest: string;
  /** Where it was seen: 'its chart API' or 'its storage'. */
  via: string;
}

export interface StoredLookupRequest {
  apiUrl: string;
  archiveUrl: string;
  /** GET with the repository's credentials. */
  get: (url: string, accept: string) => Promise<HttpResponse>;
  /** Reads an archive answer's bytes. */
  readArchive: (response: HttpResponse) => Promise<Buffer>;
}

/** The digest field of a ChartMuseum entry or of Harbor's ChartVersionDetails. */
export function digestOfApiAnswer(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const record = (value: unknown): Record<string, unknown> | undefined =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  const top = record(parsed);
  const entry = record(top?.metadata) ?? top;
  const digest = entry?.digest;
  return typeof digest === 'string' && /^(sha256:)?[0-9a-f]{64}$/i.test(digest)
    ? digest.toLowerCase().replace(/^sha256:/, '')
    : undefined;
}

/**
 * What the repository stores for a version, or undefined when neither the API nor the archive
 * says (absent, or not reachable: 401, 404 route, an error). Never throws.
 */
export async function lookUpStored(
  request: StoredLookupRequest,
): Promise<StoredVersion | undefined> {
  try {
    const api = await request.get(request.apiUrl, 'application/json');
    const body = await readText(api, 256 * 1024);
    const digest = api.statusCode === 200 ? digestOfApiAnswer(body) : undefined;
    if (digest !== undefined) return { digest, via: 'its chart API' };
  } catch {
    // The archive may still say.
  }
  try {
    const archive = await request.get(request.archiveUrl, 'application/gzip, */*');
    if (archive.statusCode !== 200 || /text\/html/i.test(archive.headers['content-type'] ?? '')) {
      await discardBody(archive);
      return undefined;
    }
    return { digest: sha256(await request.readArchive(archive)), via: 'its storage' };
  } catch {
    return undefined;
  }
}
