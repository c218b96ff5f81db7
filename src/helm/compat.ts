/**
 * Which Helm release has which OCI flag, for input checks and command builders alike: helm/helm
 * cmd/helm/{push,registry_login,pull}.go and pkg/getter/ocigetter.go, v3.8.0–v3.18.0.
 */

export interface HelmVersionInfo {
  major: number;
  minor: number;
}

const atLeast = (h: HelmVersionInfo, major: number, minor: number): boolean =>
  h.major > major || (h.major === major && h.minor >= minor);

/** OCI `helm push` is GA from Helm 3.8.0. */
export const supportsOci = (h: HelmVersionInfo): boolean => atLeast(h, 3, 8);

/**
 * `helm push --ca-file/--insecure-skip-tls-verify` and `helm registry login --ca-file` exist
 * from 3.12.0; before it, `helm pull oci://` took `--ca-file` but its OCI getter ignored it.
 */
export const supportsOciTlsFlags = (h: HelmVersionInfo): boolean => atLeast(h, 3, 12);

/** `helm push/pull --plain-http` exist from 3.13.0 (3.8–3.12 use plain HTTP for localhost only). */
export const supportsOciPlainHttp = (h: HelmVersionInfo): boolean => atLeast(h, 3, 13);

/**
 * `helm registry login --plain-http` exists from 3.18.0; older logins go through Docker's
 * registry code, which tries HTTPS and falls back to HTTP for loopback and `--insecure` hosts.
 */
export const supportsLoginPlainHttp = (h: HelmVersionInfo): boolean => atLeast(h, 3, 18);

/** `helm registry login --insecure` (skip TLS verification) exists in every OCI-capable Helm. */
export const supportsLoginInsecure = supportsOci;

export interface OciFlagsWanted {
  caFile?: string | undefined;
  insecure?: boolean;
  plainHttp?: boolean;
}

interface Rule {
  applies: (wanted: OciFlagsWanted) => boolean;
  supported: (h: HelmVersionInfo) => boolean;
  minimum: string;
  what: string;
}

const OCI_RULES: readonly Rule[] = [
  {
    applies: () => true,
    supported: supportsOci,
    minimum: '3.8.0',
    what: 'pushing to OCI registries',
  },
  {
    applies: (w) => w.caFile !== undefined,
    supported: supportsOciTlsFlags,
    minimum: '3.12.0',
    what: '`ca-file` with OCI (`helm push --ca-file`)',
  },
  {
    applies: (w) => w.insecure === true,
    supported: supportsOciTlsFlags,
    minimum: '3.12.0',
    what: '`insecure` with OCI (`helm push --insecure-skip-tls-verify`)',
  },
  {
    applies: (w) => w.plainHttp === true,
    supported: supportsOciPlainHttp,
    minimum: '3.13.0',
    what: '`plain-http` (`helm push --plain-http`)',
  },
];

/**
 * What this Helm cannot do for `push-method: oci`, as input errors; `subject` names the version
 * ("`helm-version` is v3.8.1"). Before 3.8 only the first unmet minimum matters.
 */
export function ociCompatibilityProblems(
  h: HelmVersionInfo,
  subject: string,
  wanted: OciFlagsWanted,
): string[] {
  const unmet = OCI_RULES.filter((rule) => rule.applies(wanted) && !rule.supported(h));
  const shown = !supportsOci(h) ? unmet.slice(0, 1) : unmet;
  return shown.map(
    (rule) =>
      `${rule.what} needs Helm ${rule.minimum} or later, but ${subject}: set \`helm-version\` to v${rule.minimum} or newer`,
  );
}

const LOGIN_HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\d{1,5})?$/;

/**
 * `helm registry login` takes a bare `host[:port]`: Helm 4 refuses a scheme or a path
 * (pkg/registry/client.go Login → oras remote.NewRegistry). Returns the problem, if any.
 */
export function loginHostProblem(host: string): string | undefined {
  return LOGIN_HOST.test(host)
    ? undefined
    : `an oci:// \`repo-url\` needs a registry host[:port] like oci://registry.example.com/namespace, got host "${host}"`;
}

/** helm-push 0.11.0 was released broken on Helm 3 and Helm 4; 0.11.1 fixes it. */
export function brokenPluginProblem(pluginVersion: string): string | undefined {
  return pluginVersion === '0.11.0'
    ? 'helm-push 0.11.0 is broken on Helm 3 and Helm 4: set `helm-push-version` to 0.11.1 or leave it empty'
    : undefined;
}
