import type { ChartResult } from '../types/result.js';
import { shortDigest } from '../util/hash.js';
import { escapeMarkdown } from './escape.js';
import { failsTheStep, failureGroups, groupSubjects, whatToDo } from './failures.js';

export { failsTheStep, failureLines } from './failures.js';

/**
 * Renders results for people (job summary, terminal table) and machines (the `charts` output).
 * Pure functions: the GitHub adapter and the CLI decide where the text goes.
 */

/** The `charts` output row: a result without the fields only the summary uses. */
export type ChartOutput = Omit<ChartResult, 'seconds' | 'chartYaml'>;

/** The `charts` output: one object per chart × namespace, in a stable key order. */
export function chartsOutput(results: ChartResult[]): ChartOutput[] {
  return results.map((r) => ({
    chart: r.chart,
    version: r.version,
    appVersion: r.appVersion,
    namespace: r.namespace,
    repo: r.repo,
    digest: r.digest,
    ...(r.manifestDigest !== undefined && { manifestDigest: r.manifestDigest }),
    status: r.status,
    verified: r.verified,
    fetched: r.fetched,
    ...(failsTheStep(r) && { error: r.error ?? 'failed' }),
  }));
}

export function pushedCount(results: ChartResult[]): number {
  return results.filter((r) => r.status === 'pushed' || r.status === 'overwritten').length;
}

const HEADERS = [
  'chart',
  'version',
  'namespace',
  'status',
  'digest',
  'verified',
  'fetched',
  'seconds',
];

/** OCI results add the manifest digest, which signatures and attestations name. */
const hasManifest = (results: ChartResult[]): boolean =>
  results.some((r) => r.manifestDigest !== undefined);

function headers(results: ChartResult[]): string[] {
  return hasManifest(results) ? [...HEADERS.slice(0, 5), 'manifest', ...HEADERS.slice(5)] : HEADERS;
}

function row(r: ChartResult, manifest: boolean, digest: (d: string) => string): string[] {
  const cells = [
    r.chart,
    r.version,
    r.namespace === '' ? '-' : r.namespace,
    r.status,
    r.digest === '' ? '-' : digest(r.digest),
    r.verified ? 'yes' : 'no',
    r.fetched ? 'yes' : 'no',
    r.seconds.toFixed(1),
  ];
  if (manifest) cells.splice(5, 0, r.manifestDigest === undefined ? '-' : digest(r.manifestDigest));
  return cells;
}

const count = (results: ChartResult[], status: ChartResult['status']): number =>
  results.filter((r) => r.status === status).length;

/** `Helm v3.18.0; 3 pushed, 1 failed, 2 not attempted, 1 stored but not in the index in time.` */
function totals(results: ChartResult[], helmVersion: string): string {
  const unverified = results.filter(
    (r) => r.status !== 'failed' && r.status !== 'not-attempted' && r.error !== undefined,
  ).length;
  const notAttempted = count(results, 'not-attempted');
  return `Helm ${helmVersion}; ${String(pushedCount(results))} pushed, ${String(count(results, 'failed'))} failed${
    notAttempted > 0 ? `, ${String(notAttempted)} not attempted` : ''
  }${unverified > 0 ? `, ${String(unverified)} stored but not in the index in time` : ''}.`;
}

/**
 * The job-summary table with one entry per distinct failure and what to do; every cell escaped,
 * since errors quote servers whose text must not become a link, image or HTML.
 */
export function markdownSummary(results: ChartResult[], helmVersion: string): string {
  const manifest = hasManifest(results);
  const head = headers(results);
  // Full digests in the summary: they are what users copy to sign or pull by digest.
  const lines = [
    '### Helm charts published',
    '',
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...results.map(
      (r) =>
        `| ${row(r, manifest, (d) => `\`${d}\``)
          .map(cell)
          .join(' | ')} |`,
    ),
    '',
    escapeMarkdown(totals(results, helmVersion)),
  ];
  const groups = failureGroups(results);
  if (groups.length > 0) {
    lines.push('', '**Failures**', '');
    for (const group of groups) {
      lines.push(`- **${escapeMarkdown(groupSubjects(group))}**: ${escapeMarkdown(group.error)}`);
      const fix = whatToDo(group.error);
      if (fix !== undefined) lines.push(`  What to do: ${escapeMarkdown(fix)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A table cell: code spans (digests) stay, everything else is escaped text. */
function cell(text: string): string {
  return /^`sha256:[0-9a-f]{64}`$/.test(text) ? text : escapeMarkdown(text);
}

/** A plain-text table for terminals and CI logs. */
export function textTable(results: ChartResult[]): string {
  const manifest = hasManifest(results);
  const head = headers(results);
  const rows = [head, ...results.map((r) => row(r, manifest, shortDigest))];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}
