import type { ChartResult } from '../types/result.js';
import { shortDigest } from '../util/hash.js';

/**
 * Renders results for people (job summary, terminal table) and machines (the `charts` output).
 * Pure functions: the GitHub adapter and the CLI decide where the text goes.
 */

/**
 * Whether a result fails the step: failed, or pushed with an error (stored, but not verified in
 * time). The latter keeps its status: the chart is in the repository.
 */
export function failsTheStep(r: ChartResult): boolean {
  return r.status === 'failed' || r.error !== undefined;
}

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

function row(r: ChartResult): string[] {
  return [
    r.chart,
    r.version,
    r.namespace === '' ? '-' : r.namespace,
    r.status,
    r.digest === '' ? '-' : shortDigest(r.digest),
    r.verified ? 'yes' : 'no',
    r.fetched ? 'yes' : 'no',
    r.seconds.toFixed(1),
  ];
}

/** ", 1 stored but not in the index in time" when some are. */
function unverifiedNote(results: ChartResult[]): string {
  const count = results.filter((r) => r.status !== 'failed' && r.error !== undefined).length;
  return count > 0 ? `, ${count} stored but not in the index in time` : '';
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The job-summary table (GitHub-flavoured Markdown), with failures listed below it. */
export function markdownSummary(results: ChartResult[], helmVersion: string): string {
  const lines = [
    '### Helm charts published',
    '',
    `| ${HEADERS.join(' | ')} |`,
    `| ${HEADERS.map(() => '---').join(' | ')} |`,
    ...results.map((r) => `| ${row(r).map(escapeCell).join(' | ')} |`),
    '',
    `Helm ${helmVersion}; ${pushedCount(results)} pushed, ${results.filter((r) => r.status === 'failed').length} failed${unverifiedNote(results)}.`,
  ];
  const failures = results.filter(failsTheStep);
  if (failures.length > 0) {
    lines.push('', '**Failures**', '');
    for (const f of failures) {
      lines.push(`- ${escapeCell(`${f.chart} ${f.version} → ${f.repo}: ${f.error ?? 'failed'}`)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** A plain-text table for terminals and CI logs. */
export function textTable(results: ChartResult[]): string {
  const rows = [HEADERS, ...results.map(row)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** One line per failure, for the final error. */
export function failureLines(results: ChartResult[]): string[] {
  return results
    .filter(failsTheStep)
    .map(
      (r) =>
        `${r.chart} ${r.version} → ${r.namespace === '' ? r.repo : r.namespace}: ${r.error ?? 'failed'}`,
    );
}
