import { loginHostProblem } from '../../helm/compat.js';

export const NAMESPACE_PLACEHOLDER = '{namespace}';

const SCHEMES = new Set(['http:', 'https:', 'oci:']);

/**
 * Checks a `repo-url` template and returns its scheme (undefined when it is not a URL); every
 * problem goes to `problems`.
 */
export function repoUrlProblems(repoUrl: string, problems: string[]): string | undefined {
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

/** Turns a template and a namespace into a repository URL. */
export function resolveRepoUrl(template: string, namespace: string | undefined): string {
  const url =
    namespace === undefined ? template : template.split(NAMESPACE_PLACEHOLDER).join(namespace);
  return url.replace(/\/+$/, '');
}
