import { PublishError, errorMessage } from '../errors.js';
import { describePlainHttp, networkProblem } from '../errors/network.js';

/** Which failures are worth another attempt, how long to wait, and how to describe them. */

export const MAX_BACKOFF_MS = 30_000;
export const MAX_RETRY_AFTER_MS = 60_000;
export const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const PERMANENT_NETWORK_CODES =
  /^(ENOTFOUND|CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|UNABLE_TO_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_INVALID_URL|ERR_PROXY_INVALID_CONFIG)/;
/** The code of the error a request fails with when the answer stalls for `request-timeout`. */
export const TIMEOUT_CODE = 'ERR_REQUEST_TIMEOUT';

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
  // A TLS client talking to a plain-HTTP server fails the same way every time.
  if (networkProblem(error) === 'tls-plain') return false;
  return !PERMANENT_NETWORK_CODES.test(networkCode(error));
}

export function describeNetworkError(error: unknown): string {
  const code = networkCode(error);
  const message = errorMessage(error);
  if (code === TIMEOUT_CODE) return message;
  const plain = describePlainHttp(error);
  if (plain !== undefined) return plain;
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS certificate not trusted (${code}): set \`ca-file\` to the repository's CA bundle`;
  }
  return code !== '' && !message.includes(code) ? `${message} (${code})` : message;
}
