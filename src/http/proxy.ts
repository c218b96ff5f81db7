/** Proxy settings, read as Helm (Go) reads them, for Node's http and https agents. */

/** Node's http and https agents take `proxyEnv` from this version on. */
export const PROXY_SUPPORT_SINCE = [24, 5] as const;

/** Node's http and https agents take proxy settings from `proxyEnv`; an empty one is none. */
export type NodeProxyEnv = Partial<Record<'HTTP_PROXY' | 'HTTPS_PROXY' | 'NO_PROXY', string>>;

/**
 * Node's agent settings, read as Go reads them: per-scheme proxy, a scheme-less proxy as
 * `http://` (Node would ignore it), NO_PROXY names written `.name` to match subdomains too.
 */
export function nodeProxyEnv(settings: ReturnType<typeof proxyEnvironment>): NodeProxyEnv {
  const env: NodeProxyEnv = {};
  const withScheme = (proxy: string): string => (proxy.includes('://') ? proxy : `http://${proxy}`);
  if (settings.httpProxy !== '') env.HTTP_PROXY = withScheme(settings.httpProxy);
  if (settings.httpsProxy !== '') env.HTTPS_PROXY = withScheme(settings.httpsProxy);
  const noProxy = settings.noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .map((entry) => (/^[.*]/.test(entry) || entry.includes(':') ? entry : `.${entry}`));
  if (noProxy.length > 0) env.NO_PROXY = noProxy.join(',');
  return env;
}

export function hasProxySupport(nodeVersion: string): boolean {
  const [major = 0, minor = 0] = nodeVersion.split('.').map(Number);
  const [sinceMajor, sinceMinor] = PROXY_SUPPORT_SINCE;
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}

/**
 * Proxy variables as Helm (Go) reads them: upper case first, set-but-empty counts as unset
 * (Node alone reads the lower-case one first, even when empty).
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

/** What the HTTP client takes from the environment; the adapters read it and pass it on. */
export interface NetworkSettings {
  proxyEnv: NodeProxyEnv;
  /** First retry backoff step (HELM_PUBLISH_RETRY_BASE_MS, for tests); the default otherwise. */
  retryBaseMs?: number;
}

export function networkSettings(env: NodeJS.ProcessEnv): NetworkSettings {
  const base = Number(env.HELM_PUBLISH_RETRY_BASE_MS);
  return {
    proxyEnv: nodeProxyEnv(proxyEnvironment(env)),
    retryBaseMs: Number.isFinite(base) && base > 0 ? base : undefined,
  };
}
