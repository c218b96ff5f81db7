import type { ProgressEvent } from '../types/result.js';

const MARK: Record<ProgressEvent['stage'], string> = {
  pushing: '…',
  pushed: '↑',
  verified: '✓',
  unverified: '?',
  fetched: '⇣',
  skipped: '=',
  failed: '✗',
};

/** One progress line per chart × namespace step, for terminals. */
export function progressLine(event: ProgressEvent): string {
  const r = event.result;
  const where = r.namespace === '' ? r.repo : r.namespace;
  const explained = event.stage === 'failed' || event.stage === 'unverified';
  const detail = explained && r.error !== undefined ? `: ${r.error}` : '';
  return `${MARK[event.stage]} ${r.chart} ${r.version} → ${where} ${event.stage}${detail}`;
}
