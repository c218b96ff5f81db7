import {
  type HelmVersionInfo,
  supportsLoginInsecure,
  supportsLoginPlainHttp,
  supportsOciPlainHttp,
  supportsOciTlsFlags,
} from './compat.js';

/**
 * Helm command lines per operation and major, as pure data, so tests can check Helm 2's, which
 * cannot run here. Secrets only ever go in `stdin`; which release has which flag is in compat.ts.
 */

export { supportsOci, type HelmVersionInfo } from './compat.js';

export interface HelmCommand {
  args: string[];
  /** Sent on standard input; holds secrets, never logged. */
  stdin?: string;
  /** Added to Helm's environment (and so its plugins'); holds secrets, never logged. */
  env?: Record<string, string>;
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

/** Helm 2 needs a client-only home before any repository command. */
export function initCommand(h: HelmVersionInfo): HelmCommand | undefined {
  return h.major === 2 ? { args: ['init', '--client-only', '--skip-refresh'] } : undefined;
}

export interface PackageOptions {
  version?: string;
  appVersion?: string;
  dependencyUpdate?: boolean;
}

/** `helm package` for one or more chart directories that take the same flags. */
export function packageCommand(
  _h: HelmVersionInfo,
  chartDirs: string[],
  destination: string,
  options: PackageOptions,
): HelmCommand {
  const args = ['package', ...chartDirs, '--destination', destination];
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
  /** Overrides the plugin applies as it packages a chart directory (`--app-version`: 0.10.0+). */
  version?: string;
  appVersion?: string;
  /** Plugin environment (`HELM_REPO_ACCESS_TOKEN`): secrets go here, never into argv. */
  env?: Record<string, string>;
}

/** `chart`: a .tgz or a chart directory; the plugin packages either before uploading. */
export function pluginPushCommand(
  pluginVersion: string,
  chart: string,
  repoName: string,
  options: PluginPushOptions,
): HelmCommand {
  const name = pluginCommandName(pluginVersion);
  const args = [name, chart, repoName];
  if (options.force) args.push('--force');
  if (options.version !== undefined) args.push('--version', options.version);
  if (options.appVersion !== undefined) {
    // 0.9.x has no --app-version: its charts are packaged by Helm first.
    if (name === 'push') throw new Error(`helm-push ${pluginVersion} has no --app-version`);
    args.push('--app-version', options.appVersion);
  }
  if (options.contextPath !== undefined) args.push('--context-path', options.contextPath);
  if (options.caFile !== undefined) args.push('--ca-file', options.caFile);
  if (options.insecure === true) args.push('--insecure');
  // --timeout came with 0.10.0 (cmd/helm-cm-push/main.go); 0.9.0 fails on it as unknown.
  if (options.timeoutSeconds !== undefined && name === 'cm-push')
    args.push('--timeout', String(Math.ceil(options.timeoutSeconds)));
  return { args, env: options.env };
}

/**
 * Downloads charts of one version from a named repository: `helm fetch` (2) / `helm pull` (3, 4).
 * Several charts in one process pay for one Helm start-up.
 */
export function fetchCommand(
  h: HelmVersionInfo,
  repoName: string,
  charts: string[],
  version: string,
  destination: string,
): HelmCommand {
  return {
    args: [
      h.major === 2 ? 'fetch' : 'pull',
      ...charts.map((chart) => `${repoName}/${chart}`),
      '--version',
      version,
      '--destination',
      destination,
    ],
  };
}

/** `host` is a bare `host[:port]`: Helm 4 refuses a scheme or a path there. */
export function registryLoginCommand(
  h: HelmVersionInfo,
  host: string,
  username: string,
  password: string,
  tls: TlsFlags,
): HelmCommand {
  const args = ['registry', 'login', host, '--username', username, '--password-stdin'];
  if (tls.caFile !== undefined && supportsOciTlsFlags(h)) args.push('--ca-file', tls.caFile);
  if (tls.insecure === true && supportsLoginInsecure(h)) args.push('--insecure');
  if (tls.plainHttp === true && supportsLoginPlainHttp(h)) args.push('--plain-http');
  return { args, stdin: password };
}

export function registryLogoutCommand(_h: HelmVersionInfo, host: string): HelmCommand {
  return { args: ['registry', 'logout', host] };
}

/** `helm push` has no TLS flags before 3.12; `helm pull` always had them (honoured for OCI from 3.12). */
function ociTlsArgs(h: HelmVersionInfo, tls: TlsFlags, command: 'push' | 'pull'): string[] {
  const args: string[] = [];
  const tlsFlags = command === 'pull' || supportsOciTlsFlags(h);
  if (tls.caFile !== undefined && tlsFlags) args.push('--ca-file', tls.caFile);
  if (tls.insecure === true && tlsFlags) args.push('--insecure-skip-tls-verify');
  if (tls.plainHttp === true && supportsOciPlainHttp(h)) args.push('--plain-http');
  return args;
}

export function ociPushCommand(
  h: HelmVersionInfo,
  chartFile: string,
  ociBase: string,
  tls: TlsFlags,
): HelmCommand {
  return { args: ['push', chartFile, ociBase, ...ociTlsArgs(h, tls, 'push')] };
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
      ...ociTlsArgs(h, tls, 'pull'),
    ],
  };
}
