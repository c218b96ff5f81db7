import { PublishError, errorMessage } from '../errors.js';

/**
 * Network failures by cause, from Node's codes and Helm's (Go's) text, so that every message can
 * name the setting that fixes it.
 */
export type NetworkProblem = 'tls-plain' | 'tls-cert' | 'dns' | 'refused' | 'timeout' | 'reset';

const PATTERNS: Array<[NetworkProblem, RegExp]> = [
  // OpenSSL reads an HTTP answer as a TLS record; Go's net/http says so in words.
  [
    'tls-plain',
    /ERR_SSL_WRONG_VERSION_NUMBER|ERR_SSL_PACKET_LENGTH_TOO_LONG|wrong version number|packet length too long|server gave HTTP response to HTTPS client/i,
  ],
  [
    'tls-cert',
    /CERT_|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|DEPTH_ZERO|x509: |failed to verify certificate/,
  ],
  ['dns', /ENOTFOUND|EAI_AGAIN|EAI_NONAME|no such host|server misbehaving/],
  ['refused', /ECONNREFUSED|connection refused/],
  ['timeout', /ETIMEDOUT|ERR_REQUEST_TIMEOUT|i\/o timeout|Client\.Timeout|TLS handshake timeout/],
  ['reset', /ECONNRESET|EPIPE|connection reset by peer|socket hang up/],
];

/** The codes and messages of an error and its causes, as one text to match. */
function evidence(error: unknown, depth = 0): string {
  if (depth > 5 || error === undefined || error === null) return '';
  if (!(error instanceof Error)) return typeof error === 'string' ? error : '';
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: unknown }).cause;
  return `${typeof code === 'string' ? code : ''} ${error.message} ${evidence(cause, depth + 1)}`;
}

export function networkProblem(error: unknown): NetworkProblem | undefined {
  const text = evidence(error);
  return PATTERNS.find(([, pattern]) => pattern.test(text))?.[0];
}

/**
 * A TLS client met a plain-HTTP server: OpenSSL's raw record error (`write EPROTO 80…:error:
 * 0A00010B:SSL routines:…`) becomes one sentence.
 */
export function describePlainHttp(error: unknown): string | undefined {
  if (networkProblem(error) !== 'tls-plain') return undefined;
  const detail = /wrong version number|packet length too long/i.exec(evidence(error))?.[0];
  return `TLS handshake failed: the server answered in plain HTTP, not TLS${detail !== undefined ? ` (OpenSSL: ${detail})` : ''}`;
}

const PROXY =
  'set HTTPS_PROXY (and NO_PROXY for hosts reached directly) if the runner needs a proxy';

/** The fix for a failed download of Helm or helm-push, by cause. */
export function downloadHint(tool: 'helm' | 'helm-push', problem: NetworkProblem): string {
  const mirror =
    tool === 'helm'
      ? 'set `helm-mirror` to a mirror of the Helm releases the runner can reach'
      : 'set `helm-push-mirror` to a mirror of the helm-push releases the runner can reach';
  if (problem === 'tls-cert')
    return `the download's TLS certificate is not trusted: ${mirror}, or add its CA to NODE_EXTRA_CA_CERTS`;
  const pin =
    tool === 'helm'
      ? '; `helm-checksum` pins the archive when the mirror has no checksum file'
      : '';
  return `${mirror}, or ${PROXY}${pin}`;
}

/** The fix for a repository or registry that could not be reached, by cause. */
export function repositoryHint(problem: NetworkProblem, oci: boolean): string {
  switch (problem) {
    case 'tls-plain':
      return oci
        ? 'the registry speaks plain HTTP: set `plain-http: true` (or serve it over TLS)'
        : 'the repository speaks plain HTTP: use an http:// URL in `repo-url` (or serve it over TLS)';
    case 'tls-cert':
      return "the server's TLS certificate is not trusted: set `ca-file` to its CA bundle";
    case 'dns':
      return `the host name does not resolve: check \`repo-url\`, or ${PROXY}`;
    case 'refused':
      return `nothing accepts connections there: check the host and port in \`repo-url\`, or ${PROXY}`;
    case 'timeout':
      return `no answer in time: check that the runner can reach the host, ${PROXY}, or raise \`request-timeout\``;
    case 'reset':
      return `the connection was cut: retry, raise \`retries\`, or ${PROXY}`;
  }
}

/** Whether `message` already names the fix a hint would add (no sentence said twice). */
function mentions(message: string, hint: string): boolean {
  const key = /`[^`]+`/.exec(hint)?.[0];
  return key !== undefined && message.includes(key);
}

/** The error's message with the fix for its network cause appended, when it has one. */
export function explainRepositoryError(error: unknown, oci: boolean): string {
  const message = errorMessage(error);
  const problem = networkProblem(error);
  if (problem === undefined) return message;
  const hint = repositoryHint(problem, oci);
  return mentions(message, hint) ? message : `${message}; ${hint}`;
}

/** A failed download as a PublishError naming the mirror, proxy and checksum settings. */
export function withDownloadHint(error: unknown, tool: 'helm' | 'helm-push'): unknown {
  const problem = networkProblem(error);
  if (problem === undefined) return error;
  const message = errorMessage(error);
  const hint = downloadHint(tool, problem);
  return mentions(message, hint)
    ? error
    : new PublishError(`${message}; ${hint}`, { cause: error });
}
