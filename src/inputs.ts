import semver from 'semver';
import type { HelmVersionRequest, IfExists, PushMethod, Settings } from './types/settings.js';
import { loginHostProblem, ociCompatibilityProblems } from './helm/compat.js';
import { parseBoolean, parseList } from './util/lists.js';

/**
 * Typed settings from action inputs or CLI flags. Parsing is pure: it reads through a getter and
 * returns every problem at once, so the user fixes all of them in one go.
 */

/** Every input of action.yml with its default; the CLI offers the same names as flags. */
export const INPUT_DEFAULTS = {
  charts: '.',
  'repo-url': '',
  instance: '',
  namespaces: '',
  username: '',
  'access-token': '',
  password: '',
  'helm-version': 'v4.2.3',
  'helm-mirror': 'https://get.helm.sh',
  'helm-checksum': '',
  'push-method': 'auto',
  'helm-push-version': '',
  'helm-push-mirror': 'https://github.com/chartmuseum/helm-push/releases/download',
  version: '',
  'app-version': '',
  'if-exists': 'fail',
  verify: 'true',
  'verify-timeout': '120',
  'fetch-back': 'false',
  'dependency-update': 'false',
  parallel: '4',
  retries: '3',
  'request-timeout': '60',
  'context-path': '',
  'ca-file': '',
  insecure: 'false',
  'plain-http': 'false',
  'dry-run': 'false',
  summary: 'true',
} as const satisfies Record<string, string>;

export type InputName = keyof typeof INPUT_DEFAULTS;
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[];

/** Returns the raw value of an input, or '' when it is not set. */
export type InputGetter = (name: InputName) => string;

export const DEFAULT_HELM_VERSION = INPUT_DEFAULTS['helm-version'];
export const NAMESPACE_PLACEHOLDER = '{namespace}';

const SCHEMES = new Set(['http:', 'https:', 'oci:']);
const HELM_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;
const NAMESPACE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

export interface ParsedInputs {
  settings?: Settings;
  problems: string[];
  warnings: string[];
}

export function parseInputs(get: InputGetter): ParsedInputs {
  const problems: string[] = [];
  const warnings: string[] = [];
  const value = (name: InputName): string => {
    const raw = get(name).trim();
    return raw === '' ? INPUT_DEFAULTS[name] : raw;
  };

  const bool = (name: InputName): boolean => {
    const raw = value(name);
    const parsed = parseBoolean(raw);
    if (parsed === undefined) {
      problems.push(`input \`${name}\` must be true or false (YAML 1.2 core schema), got "${raw}"`);
      return parseBoolean(INPUT_DEFAULTS[name]) ?? false;
    }
    return parsed;
  };

  const integer = (name: InputName, min: number): number => {
    const raw = value(name);
    if (!/^\d+$/.test(raw) || Number(raw) < min) {
      problems.push(`input \`${name}\` must be a whole number of at least ${min}, got "${raw}"`);
      return Number(INPUT_DEFAULTS[name]);
    }
    return Number(raw);
  };

  const seconds = (name: InputName): number => {
    const raw = value(name);
    const parsed = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(parsed > 0)) {
      problems.push(`input \`${name}\` must be a positive number of seconds, got "${raw}"`);
      return Number(INPUT_DEFAULTS[name]);
    }
    return parsed;
  };

  const optional = (name: InputName): string | undefined => {
    const raw = get(name).trim();
    return raw === '' ? undefined : raw;
  };

  // Lists and charts.
  const charts = parseList(value('charts'));
  if (charts.length === 0) charts.push('.');
  const namespaces = parseList(get('namespaces'));
  for (const ns of namespaces) {
    if (!NAMESPACE_PATTERN.test(ns) || ns.split('/').includes('..')) {
      problems.push(
        `namespace "${ns}" is not valid: use letters, digits, ".", "_", "-" (and "/" between tenant path segments)`,
      );
    }
  }
  const duplicateNs = namespaces.filter((ns, i) => namespaces.indexOf(ns) !== i);
  if (duplicateNs.length > 0)
    warnings.push(`namespace listed twice, using it once: ${duplicateNs.join(', ')}`);
  const uniqueNamespaces = [...new Set(namespaces)];

  // Push method.
  const methodRaw = value('push-method');
  let method: PushMethod | 'auto' = 'auto';
  if (['auto', 'plugin', 'http', 'oci'].includes(methodRaw)) {
    method = methodRaw as PushMethod | 'auto';
  } else {
    problems.push(
      `input \`push-method\` must be one of auto, plugin, http, oci; got "${methodRaw}"`,
    );
  }

  // Repository URL.
  const repoUrlInput = optional('repo-url');
  const instance = optional('instance');
  let repoUrl = '';
  if (repoUrlInput !== undefined) {
    repoUrl = repoUrlInput;
    if (instance !== undefined)
      warnings.push('both `repo-url` and `instance` are set; using `repo-url`');
  } else if (instance !== undefined) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(instance)) {
      problems.push(
        `input \`instance\` must be the TCR instance name only (like "my-tcr"), got "${instance}"`,
      );
    }
    repoUrl =
      method === 'oci'
        ? `oci://${instance}.tencentcloudcr.com/${NAMESPACE_PLACEHOLDER}`
        : `https://${instance}.tencentcloudcr.com/chartrepo/${NAMESPACE_PLACEHOLDER}`;
  } else {
    problems.push(
      'set input `repo-url` (like https://host/chartrepo/{namespace}) or `instance` (the TCR Enterprise instance name)',
    );
  }
  let scheme: string | undefined;
  if (repoUrl !== '') {
    const probe = repoUrl.split(NAMESPACE_PLACEHOLDER).join('namespace');
    let url: URL | undefined;
    try {
      url = new URL(probe);
    } catch {
      problems.push(`\`repo-url\` "${repoUrl}" is not a valid URL`);
    }
    if (url) {
      scheme = url.protocol;
      if (!SCHEMES.has(url.protocol)) {
        problems.push(
          `\`repo-url\` scheme "${url.protocol.replace(/:$/, '')}" is not supported: use https://, http:// or oci://`,
        );
      }
      if (url.username !== '' || url.password !== '') {
        problems.push(
          'remove the credentials from `repo-url` and set inputs `username` and `password` instead (URLs end up in logs)',
        );
      }
      if (url.search !== '' || url.hash !== '') {
        problems.push('`repo-url` must not contain a query string or fragment');
      }
      // The host as the OCI publisher reads it: everything up to the first slash.
      const ociHost = /^oci:\/\/([^/]*)/i.exec(probe)?.[1];
      const hostProblem = ociHost !== undefined ? loginHostProblem(ociHost) : undefined;
      if (hostProblem !== undefined) problems.push(hostProblem);
      if (/^https?:$/.test(url.protocol) && /^\/chartrepo\/*$/.test(url.pathname)) {
        // Harbor merges every project there as `<project>/<chart>`: a push could never verify.
        problems.push(
          '`repo-url` ends at /chartrepo without a project: add the Harbor/TCR project (https://host/chartrepo/<project>, or /chartrepo/{namespace} with `namespaces`)',
        );
      }
    }
    const hasPlaceholder = repoUrl.includes(NAMESPACE_PLACEHOLDER);
    if (hasPlaceholder && uniqueNamespaces.length === 0) {
      problems.push(
        '`repo-url` contains {namespace}: set input `namespaces` to one or more namespaces',
      );
    }
    if (!hasPlaceholder && uniqueNamespaces.length > 0) {
      problems.push(
        'input `namespaces` is set but `repo-url` has no {namespace} placeholder: add it where the namespace goes, or remove `namespaces`',
      );
    }
  }
  let pushMethod: PushMethod = method === 'auto' ? (scheme === 'oci:' ? 'oci' : 'plugin') : method;
  if (scheme === 'oci:' && pushMethod !== 'oci') {
    problems.push(`an oci:// repository needs \`push-method: oci\` (or auto), not "${pushMethod}"`);
    pushMethod = 'oci';
  } else if (scheme !== undefined && scheme !== 'oci:' && pushMethod === 'oci') {
    problems.push('`push-method: oci` needs an oci:// `repo-url` (or `instance`)');
  }

  // Credentials.
  const username = optional('username');
  const password = get('password') === '' ? undefined : get('password');
  if ((username === undefined) !== (password === undefined)) {
    problems.push(
      username === undefined
        ? 'input `password` is set without `username`: set both or neither'
        : 'input `username` is set without `password`: set input `password` (a secret) too, or neither',
    );
  }

  const accessToken = optional('access-token');

  // Helm.
  const helmVersionRaw = value('helm-version');
  let helmVersion: HelmVersionRequest = { kind: 'exact', version: DEFAULT_HELM_VERSION };
  if (helmVersionRaw === 'latest' || helmVersionRaw === '3' || helmVersionRaw === '4') {
    helmVersion = { kind: 'latest', channel: helmVersionRaw };
  } else {
    const m = HELM_VERSION_PATTERN.exec(helmVersionRaw);
    if (!m || !['2', '3', '4'].includes(m[1] ?? '')) {
      problems.push(
        `input \`helm-version\` must be an exact Helm 2, 3 or 4 version like v3.18.0 (or latest, 3, 4), got "${helmVersionRaw}"`,
      );
    } else {
      helmVersion = { kind: 'exact', version: `v${helmVersionRaw.replace(/^v/, '')}` };
    }
  }
  const helmMirror = urlInput('helm-mirror', value('helm-mirror'), problems);
  const helmChecksum = optional('helm-checksum')
    ?.toLowerCase()
    .replace(/^sha256:/, '');
  if (helmChecksum !== undefined && !/^[0-9a-f]{64}$/.test(helmChecksum)) {
    problems.push('input `helm-checksum` must be a SHA-256 hex digest (64 hex characters)');
  }

  const helmPushVersion = optional('helm-push-version')?.replace(/^v/, '');
  if (helmPushVersion !== undefined) {
    if (semver.valid(helmPushVersion) === null) {
      problems.push(
        `input \`helm-push-version\` must be a release version like 0.10.4, got "${helmPushVersion}"`,
      );
    } else if (helmPushVersion === '0.11.0') {
      problems.push(
        'helm-push 0.11.0 is broken on Helm 3 and Helm 4: set `helm-push-version` to 0.11.1 or leave it empty',
      );
    }
  }
  const helmPushMirror = urlInput('helm-push-mirror', value('helm-push-mirror'), problems);

  // Chart overrides.
  const versionRaw = optional('version');
  let version: string | undefined;
  if (versionRaw !== undefined) {
    version = versionRaw.replace(/^v/, '');
    if (!isSemVer2(version)) {
      problems.push(
        `input \`version\` must be a SemVer 2 version like 1.2.3 or v1.2.3 (from a tag), got "${versionRaw}"`,
      );
    }
  }
  const appVersion = optional('app-version');

  const ifExistsRaw = value('if-exists');
  let ifExists: IfExists = 'fail';
  if (['fail', 'skip', 'overwrite'].includes(ifExistsRaw)) ifExists = ifExistsRaw as IfExists;
  else
    problems.push(`input \`if-exists\` must be one of fail, skip, overwrite; got "${ifExistsRaw}"`);

  const contextPath = optional('context-path');
  if (contextPath !== undefined && !contextPath.startsWith('/')) {
    problems.push(`input \`context-path\` must start with "/", got "${contextPath}"`);
  }

  const settings: Settings = {
    charts,
    repoUrl,
    namespaces: uniqueNamespaces,
    helmVersion,
    helmMirror,
    pushMethod,
    helmPushMirror,
    ifExists,
    verify: bool('verify'),
    verifyTimeoutSeconds: seconds('verify-timeout'),
    fetchBack: bool('fetch-back'),
    dependencyUpdate: bool('dependency-update'),
    parallel: integer('parallel', 1),
    retries: integer('retries', 0),
    requestTimeoutSeconds: seconds('request-timeout'),
    insecure: bool('insecure'),
    plainHttp: bool('plain-http'),
    dryRun: bool('dry-run'),
    summary: bool('summary'),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    ...(accessToken !== undefined && { accessToken }),
    ...(helmChecksum !== undefined && { helmChecksum }),
    ...(helmPushVersion !== undefined && { helmPushVersion }),
    ...(version !== undefined && { version }),
    ...(appVersion !== undefined && { appVersion }),
    ...(contextPath !== undefined && { contextPath: contextPath.replace(/\/+$/, '') }),
    ...(optional('ca-file') !== undefined && { caFile: optional('ca-file') }),
  };
  problems.push(...accessTokenProblems(settings));
  if (pushMethod === 'oci' && helmVersion.kind === 'exact') {
    const v = helmVersion.version;
    const parsed = { major: semver.major(v), minor: semver.minor(v) };
    problems.push(...ociCompatibilityProblems(parsed, `\`helm-version\` is ${v}`, settings));
  }
  if (settings.insecure) {
    warnings.push('`insecure: true` turns off TLS certificate verification for the repository');
  }
  return problems.length > 0 ? { problems, warnings } : { settings, problems, warnings };
}

/**
 * `access-token` replaces `username`/`password` and reaches the repository only as a Bearer
 * header (our client; helm-push through HELM_REPO_ACCESS_TOKEN). Helm itself cannot send one:
 * its repositories file and HTTP getter know only Basic auth (helm/helm pkg/getter/httpgetter.go).
 */
function accessTokenProblems(settings: Settings): string[] {
  if (settings.accessToken === undefined) return [];
  const problems: string[] = [];
  if (settings.username !== undefined || settings.password !== undefined) {
    problems.push(
      'inputs `access-token` and `username`/`password` exclude each other: set one or the other',
    );
  }
  if (settings.pushMethod === 'oci') {
    problems.push(
      '`access-token` is for chart repositories (ChartMuseum `--bearer-auth`): for an OCI registry set `username` and `password` (a token goes in `password`)',
    );
  }
  if (settings.fetchBack) {
    problems.push(
      '`fetch-back` pulls through Helm, which cannot send `access-token` (Helm repositories take only a user and password): set `fetch-back: false`, or use `username`/`password`',
    );
  }
  return problems;
}

/** Strict SemVer 2, build metadata included (`semver.valid` drops `+build`, so compare raw). */
export function isSemVer2(version: string): boolean {
  return !/^[v=\s]/.test(version) && semver.parse(version, { loose: false })?.raw === version;
}

function urlInput(name: InputName, raw: string, problems: string[]): string {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    problems.push(`input \`${name}\` must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** Turns a template and a namespace into a repository URL. */
export function resolveRepoUrl(template: string, namespace: string | undefined): string {
  const url =
    namespace === undefined ? template : template.split(NAMESPACE_PLACEHOLDER).join(namespace);
  return url.replace(/\/+$/, '');
}
