import type { PushMethod, RepositorySettings } from '../../types/settings.js';
import { parseList } from '../../util/lists.js';
import type { InputReader } from '../reader.js';
import { NAMESPACE_PLACEHOLDER, repoUrlProblems } from './repo-url.js';

const NAMESPACE_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9._-]*(\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;
const INSTANCE_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

/** Where the charts go: the charts, the namespaces, the repository URL and the push method. */
export function readRepository(r: InputReader): RepositorySettings {
  const charts = parseList(r.value('charts'));
  if (charts.length === 0) charts.push('.');
  const namespaces = readNamespaces(r);
  const method = r.choice('push-method', ['auto', 'plugin', 'http', 'oci'] as const, 'auto');
  const repoUrl = readRepoUrl(r, method);
  let scheme: string | undefined;
  if (repoUrl !== '') {
    scheme = repoUrlProblems(repoUrl, r.problems);
    const hasPlaceholder = repoUrl.includes(NAMESPACE_PLACEHOLDER);
    if (hasPlaceholder && namespaces.length === 0) {
      r.problems.push(
        '`repo-url` contains {namespace}: set input `namespaces` to one or more namespaces',
      );
    }
    if (!hasPlaceholder && namespaces.length > 0) {
      r.problems.push(
        'input `namespaces` is set but `repo-url` has no {namespace} placeholder: add it where the namespace goes, or remove `namespaces`',
      );
    }
  }
  return { charts, namespaces, repoUrl, pushMethod: reconcileMethod(r, method, scheme) };
}

function readNamespaces(r: InputReader): string[] {
  const namespaces = parseList(r.raw('namespaces'));
  for (const ns of namespaces) {
    if (!NAMESPACE_PATTERN.test(ns) || ns.split('/').includes('..')) {
      r.problems.push(
        `namespace "${ns}" is not valid: use letters, digits, ".", "_", "-" (and "/" between tenant path segments)`,
      );
    }
  }
  const duplicates = namespaces.filter((ns, i) => namespaces.indexOf(ns) !== i);
  if (duplicates.length > 0)
    r.warnings.push(`namespace listed twice, using it once: ${duplicates.join(', ')}`);
  return [...new Set(namespaces)];
}

/** `repo-url` as given, or the TCR URL `instance` stands for. */
function readRepoUrl(r: InputReader, method: PushMethod | 'auto'): string {
  const repoUrl = r.optional('repo-url');
  const instance = r.optional('instance');
  if (repoUrl !== undefined) {
    if (instance !== undefined)
      r.warnings.push('both `repo-url` and `instance` are set; using `repo-url`');
    return repoUrl;
  }
  if (instance === undefined) {
    r.problems.push(
      'set input `repo-url` (like https://host/chartrepo/{namespace}) or `instance` (the TCR Enterprise instance name)',
    );
    return '';
  }
  if (!INSTANCE_PATTERN.test(instance)) {
    r.problems.push(
      `input \`instance\` must be the TCR instance name only (like "my-tcr"), got "${instance}"`,
    );
  }
  return method === 'oci'
    ? `oci://${instance}.tencentcloudcr.com/${NAMESPACE_PLACEHOLDER}`
    : `https://${instance}.tencentcloudcr.com/chartrepo/${NAMESPACE_PLACEHOLDER}`;
}

/** `auto` picks by scheme; an explicit method must fit the scheme. */
function reconcileMethod(
  r: InputReader,
  method: PushMethod | 'auto',
  scheme: string | undefined,
): PushMethod {
  const pushMethod = method === 'auto' ? (scheme === 'oci:' ? 'oci' : 'plugin') : method;
  if (scheme === 'oci:' && pushMethod !== 'oci') {
    r.problems.push(
      `an oci:// repository needs \`push-method: oci\` (or auto), not "${pushMethod}"`,
    );
    return 'oci';
  }
  if (scheme !== undefined && scheme !== 'oci:' && pushMethod === 'oci') {
    r.problems.push('`push-method: oci` needs an oci:// `repo-url` (or `instance`)');
  }
  return pushMethod;
}
