import { InputError } from '../../errors.js';
import { loginHostProblem } from '../../helm/compat.js';

export const NAMESPACE_PLACEHOLDER = '{namespace}';

const SCHEMES = new Set(['http:', 'https:', 'oci:']);

/**
 * Checks a `repo-url` template and returns its scheme (undefined when it is not a URL); every
 * problem goes to `problems`.
 */
export function repoUrlProblems(repoUrl: string, problems: string[]): string | undefined {
  problems.push(...placeholderProblems(repoUrl));
  const probe = repoUrl.split(NAMESPACE_PLACEHOLDER).join('namespace');
  let url: URL;
  try {
    url = new URL(probe);
  } catch {
    problems.push(`\`repo-url\` "${repoUrl}" is not a valid URL`);
    return undefined;
  }
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
  problems.push(...dotSegmentProblems(probe));
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
  return url.protocol;
}

/** `{namespace}` only in the path: a namespace must never choose the host credentials go to. */
function placeholderProblems(repoUrl: string): string[] {
  const first = repoUrl.indexOf(NAMESPACE_PLACEHOLDER);
  const authority = origin(repoUrl);
  if (first === -1 || authority === '') return [];
  return first < authority.length || repoUrl.charAt(authority.length) !== '/'
    ? [
        '`repo-url` may contain {namespace} only in its path, after the host (like https://host/chartrepo/{namespace})',
      ]
    : [];
}

/** `.` and `..` in an OCI reference would name another repository than the one written. */
function dotSegmentProblems(probe: string): string[] {
  const path = /^oci:\/\/[^/]*(.*)$/i.exec(probe)?.[1];
  if (path === undefined) return [];
  const dots = path.split('/').some((segment) => {
    const decoded = segment.replace(/%2e/gi, '.');
    return decoded === '.' || decoded === '..';
  });
  return dots
    ? [
        'an oci:// `repo-url` must not contain "." or ".." path segments: write the repository path as it is',
      ]
    : [];
}

/** scheme://authority as written (lower case), or '' when the text has none. */
function origin(url: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(url)?.[0].toLowerCase() ?? '';
}

/** Turns a template and a namespace into a repository URL on the template's own origin. */
export function resolveRepoUrl(template: string, namespace: string | undefined): string {
  const url =
    namespace === undefined ? template : template.split(NAMESPACE_PLACEHOLDER).join(namespace);
  const probe = template.split(NAMESPACE_PLACEHOLDER).join('namespace');
  if (origin(url) !== origin(probe) || /[?#\\@]/.test(namespace ?? '')) {
    throw new InputError([
      `namespace "${namespace ?? ''}" would change where \`repo-url\` points: use letters, digits, ".", "_", "-" (and "/" between tenant path segments)`,
    ]);
  }
  return url.replace(/\/+$/, '');
}
