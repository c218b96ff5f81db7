import type { ChartResult } from '../types/result.js';

/**
 * Failures grouped by cause: one entry per distinct error text, with every chart × namespace
 * it hit, so that a wrong password on 10 charts × 3 namespaces reads as 3 lines, not 30.
 */

/** Whether a result fails the step: failed, not attempted, or stored but not verified in time. */
export function failsTheStep(r: ChartResult): boolean {
  return r.status === 'failed' || r.status === 'not-attempted' || r.error !== undefined;
}

export interface FailureGroup {
  error: string;
  results: ChartResult[];
}

export function failureGroups(results: ChartResult[]): FailureGroup[] {
  const groups = new Map<string, ChartResult[]>();
  for (const r of results.filter(failsTheStep)) {
    const error = r.error ?? 'failed';
    const group = groups.get(error);
    if (group === undefined) groups.set(error, [r]);
    else group.push(r);
  }
  // Causes first, the jobs they stopped after them.
  return [...groups]
    .map(([error, rs]) => ({ error, results: rs }))
    .sort(
      (a, b) =>
        Number(a.results[0]?.status === 'not-attempted') -
        Number(b.results[0]?.status === 'not-attempted'),
    );
}

const whereOf = (r: ChartResult): string => (r.namespace === '' ? r.repo : r.namespace);
const labelOf = (r: ChartResult): string => `${r.chart} ${r.version}`;
const unique = (items: string[]): string[] => [...new Set(items)];

/**
 * What a group hit: `a 1.0.0, b 1.0.0 → team-a, team-b` when it hit every chart in every
 * namespace it names, else each pair: `a 1.0.0 → team-a; b 1.0.0 → team-b`.
 */
export function groupSubjects(group: FailureGroup): string {
  const labels = unique(group.results.map(labelOf));
  const wheres = unique(group.results.map(whereOf));
  if (labels.length * wheres.length === group.results.length)
    return `${labels.join(', ')} → ${wheres.join(', ')}`;
  return group.results.map((r) => `${labelOf(r)} → ${whereOf(r)}`).join('; ');
}

/** One line per distinct cause, for the log and the final error. */
export function failureLines(results: ChartResult[]): string[] {
  return failureGroups(results).map((g) => `${groupSubjects(g)}: ${g.error}`);
}

/** What to do, by what the message says; the messages name the fix, this says it first. */
const FIXES: Array<[RegExp, string]> = [
  [/^not attempted: /, 'fix the failure it names; nothing was pushed anywhere'],
  [
    /\b(401|403)\b.*(username|password|credentials)|refused the credentials/i,
    'check `username` and `password` (or `access-token`) for this repository',
  ],
  [
    /plain HTTP|`plain-http`/,
    'the server speaks plain HTTP: set `plain-http: true` for OCI, or use an http:// URL',
  ],
  [/certificate|`ca-file`/i, "set `ca-file` to the repository's CA bundle"],
  [
    /`helm-push-mirror`/,
    'make the helm-push download reachable: `helm-push-mirror`, or HTTPS_PROXY/NO_PROXY',
  ],
  [
    /`helm-mirror`|`helm-checksum`/,
    'make the Helm download reachable: `helm-mirror`, HTTPS_PROXY/NO_PROXY, or pin `helm-checksum`',
  ],
  [
    /cannot resolve the host|ENOTFOUND|EAI_AGAIN/,
    'check the host name in the URL, DNS, or HTTPS_PROXY/NO_PROXY',
  ],
  [/already exists/, 'publish a new version, or set `if-exists` to `skip` or `overwrite`'],
  [/`verify-timeout`/, 'raise `verify-timeout`, then re-run with `if-exists: skip`'],
  [/\b404\b|not found/i, 'check `repo-url` and the namespace: the repository answered 404'],
];

export function whatToDo(error: string): string | undefined {
  return FIXES.find(([pattern]) => pattern.test(error))?.[1];
}
