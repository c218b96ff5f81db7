/**
 * The Helm command lines for each operation and Helm major, as pure data. Secrets only ever go
 * in `stdin`; tests assert the plan for Helm 2, which cannot be run here.
 */

export interface HelmVersionInfo {
  major: number;
  minor: number;
}

export interface HelmCommand {
  args: string[];
  /** Sent on standard input; holds secrets, never logged. */
  stdin?: string;
}

export interface RepoSpec {
  name: string;
  url: string;
  username?: string;
  password?: string;
  caFile?: string;
  insecure?: boolean;
}

export interface TlsFlags {
  caFile?: string;
  insecure?: boolean;
  plainHttp?: boolean;
}

const atLeast = (h: HelmVersionInfo, major: number, minor: number): boolean =>
  h.major > major || (h.major === major && h.minor >= minor);

/** `helm repo add --password-stdin` exists from Helm 3.7.0. */
export const supportsPasswordStdin = (h: HelmVersionInfo): boolean => atLeast(h, 3, 7);
/** OCI `helm push` is GA from Helm 3.8.0. */
export const supportsOci = (h: HelmVersionInfo): boolean => atLeast(h, 3, 8);
/** `helm push/pull --plain-http` exist from 3.16 (older 3.x treat localhost as plain HTTP). */
const supportsPlainHttpFlag = (h: HelmVersionInfo): boolean => atLeast(h, 3, 16);
/** `helm registry login --plain-http` exists from 3.18. */
const supportsLoginPlainHttp = (h: HelmVersionInfo): boolean => atLeast(h, 3, 18);

/** Helm 2 needs a client-only home before any repository command. */
export function initCommand(h: HelmVersionInfo): HelmCommand | undefined {
  return h.major === 2 ? { args: ['init', '--client-only', '--skip-refresh'] } : undefined;
}

/**
 * `helm repo add` with the password on stdin; undefined where Helm would need it on the command
 * line (Helm 2, Helm < 3.7): then the repositories file is written directly instead.
 */
export function repoAddCommand(h: HelmVersionInfo, repo: RepoSpec): HelmCommand | undefined {
  const hasCredentials = repo.username !== undefined && repo.password !== undefined;
  if (hasCredentials && !supportsPasswordStdin(h)) return undefined;
  if (h.major === 2) return undefined;
  const args = ['repo', 'add', repo.name, repo.url];
  if (repo.caFile !== undefined) args.push('--ca-file', repo.caFile);
  if (repo.insecure === true) args.push('--insecure-skip-tls-verify');
  if (hasCredentials) {
    args.push('--username', repo.username ?? '', '--password-stdin');
    return { args, stdin: repo.password ?? '' };
  }
  return { args };
}

export function repoUpdateCommand(h: HelmVersionInfo, names: string[]): HelmCommand {
  // Naming repositories is supported from 3.7; before that every (isolated, ours) repo updates.
  return { args: ['repo', 'update', ...(atLeast(h, 3, 7) ? names : [])] };
}

export interface PackageOptions {
  version?: string;
  appVersion?: string;
  dependencyUpdate?: boolean;
}

export function packageCommand(
  _h: HelmVersionInfo,
  chartDir: string,
  destination: string,
  options: PackageOptions,
): HelmCommand {
  const args = ['package', chartDir, '--destination', destination];
  if (options.version !== undefined) args.push('--version', options.version);
  if (options.appVersion !== undefined) args.push('--app-version', options.appVersion);
  if (options.dependencyUpdate === true) args.push('--dependency-update');
  return { args };
}

/** The helm-push plugin command: `push` up to 0.9.x (Helm 2), `cm-push` from 0.10.0. */
export function pluginCommandName(pluginVersion: string): 'push' | 'cm-push' {
  const [major = 0, minor = 0] = pluginVersion.split('.').map(Number);
  return major === 0 && minor < 10 ? 'push' : 'cm-push';
}

export interface PluginPushOptions extends TlsFlags {
  force: boolean;
  contextPath?: string;
  timeoutSeconds?: number;
}

export function pluginPushCommand(
  pluginVersion: string,
  chartFile: string,
  repoName: string,
  options: PluginPushOptions,
): HelmCommand {
  const args = [pluginCommandName(pluginVersion), chartFile, repoName];
  if (options.force) args.push('--force');
  if (options.contextPath !== undefined) args.push('--context-path', options.contextPath);
  if (options.caFile !== undefined) args.push('--ca-file', options.caFile);
  if (options.insecure === true) args.push('--insecure');
  if (options.timeoutSeconds !== undefined)
    args.push('--timeout', String(Math.ceil(options.timeoutSeconds)));
  return { args };
}

/** Downloads a chart version from a named repository: `helm fetch` (2) / `helm pull` (3, 4). */
export function fetchCommand(
  h: HelmVersionInfo,
  repoName: string,
  chart: string,
  version: string,
  destination: string,
): HelmCommand {
  return {
    args: [
      h.major === 2 ? 'fetch' : 'pull',
      `${repoName}/${chart}`,
      '--version',
      version,
      '--destination',
      destination,
    ],
  };
}

export function registryLoginCommand(
  h: HelmVersionInfo,
  host: string,
  username: string,
  password: string,
  tls: TlsFlags,
): HelmCommand {
  const args = ['registry', 'login', host, '--username', username, '--password-stdin'];
  if (tls.caFile !== undefined) args.push('--ca-file', tls.caFile);
  if (tls.insecure === true) args.push('--insecure');
  if (tls.plainHttp === true && supportsLoginPlainHttp(h)) args.push('--plain-http');
  return { args, stdin: password };
}

export function registryLogoutCommand(_h: HelmVersionInfo, host: string): HelmCommand {
  return { args: ['registry', 'logout', host] };
}

function ociTlsArgs(h: HelmVersionInfo, tls: TlsFlags): string[] {
  const args: string[] = [];
  if (tls.caFile !== undefined) args.push('--ca-file', tls.caFile);
  if (tls.insecure === true) args.push('--insecure-skip-tls-verify');
  if (tls.plainHttp === true && supportsPlainHttpFlag(h)) args.push('--plain-http');
  return args;
}

export function ociPushCommand(
  h: HelmVersionInfo,
  chartFile: string,
  ociBase: string,
  tls: TlsFlags,
): HelmCommand {
  return { args: ['push', chartFile, ociBase, ...ociTlsArgs(h, tls)] };
}

export function ociPullCommand(
  h: HelmVersionInfo,
  ociChart: string,
  version: string,
  destination: string,
  tls: TlsFlags,
): HelmCommand {
  return {
    args: [
      'pull',
      ociChart,
      '--version',
      version,
      '--destination',
      destination,
      ...ociTlsArgs(h, tls),
    ],
  };
}
