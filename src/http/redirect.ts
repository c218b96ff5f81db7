import { PublishError } from '../errors.js';

/**
 * GETs follow 301, 302, 303, 307 and 308 as Go's net/http does for Helm (src/net/http/client.go),
 * giving up on the 10th; unlike Go, an https → http downgrade is refused.
 */

const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);

/** Go's `defaultCheckRedirect` fails on the 10th redirect answer ("stopped after 10 redirects"). */
export const MAX_REDIRECTS = 10;

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUS.has(status);
}

/** Scheme, host and port match: credentials given for one URL may go to the other. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** The URL a redirect from `from` to `location` leads to; throws when it must not be followed. */
export function redirectTarget(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new PublishError(`GET ${from} redirected to "${location}", which is not a URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw new PublishError(
      `GET ${from} redirected to ${next.toString()}: only http:// and https:// redirects are followed`,
    );
  }
  if (new URL(from).protocol === 'https:' && next.protocol === 'http:') {
    throw new PublishError(
      `refused the redirect from ${from} to ${next.toString()}: it leaves https for plain http; have the server redirect to https (or give the http:// URL yourself if plain http is meant)`,
    );
  }
  return next.toString();
}

/** The error for a redirect answered to a request that must not follow it (an upload). */
export function unfollowedRedirectError(
  method: string,
  url: string,
  status: number,
  location: string,
): PublishError {
  return new PublishError(
    `${method} ${url} answered HTTP ${status}, a redirect to ${resolved(location, url)}: ${method} requests are not redirected (the body and credentials would go elsewhere); set the repository URL to the location it redirects to`,
  );
}

/** Go's limit reached: the error names the last hop. */
export function tooManyRedirectsError(
  url: string,
  current: string,
  location: string,
): PublishError {
  return new PublishError(
    `GET ${url}: stopped after ${String(MAX_REDIRECTS)} redirects (the last from ${current} to ${resolved(location, current)}); check the URL for a redirect loop`,
  );
}

/** A Location as an absolute URL where it can be read as one, for messages. */
function resolved(location: string, base: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    return location;
  }
}
