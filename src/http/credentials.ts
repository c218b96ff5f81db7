import { PublishError } from '../errors.js';
import type { RequestOptions } from './client.js';

/**
 * Credentials go only to the origin they were given for (SPEC "Redirects and origins"): server
 * text leading elsewhere is refused before sending; a cross-origin redirect is followed without.
 */

export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** The origin the request's credentials belong to; throws when `url` is not on it. */
export function credentialsOrigin(url: string, options: RequestOptions): string {
  const urlOrigin = originOf(url);
  const authOrigin = options.authOrigin ?? urlOrigin;
  const hasCredentials =
    options.auth !== undefined ||
    Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'authorization');
  if (hasCredentials && authOrigin !== urlOrigin) {
    throw new PublishError(
      `refused to send the credentials for ${authOrigin} to ${url}: credentials go only to the origin (scheme, host and port) they were given for`,
    );
  }
  return authOrigin;
}

/** The headers of one hop; without `withCredentials`, no `auth` and no `authorization` header. */
export function hopHeaders(
  options: RequestOptions,
  withCredentials: boolean,
): Record<string, string> {
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
