import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/progress.js';
import type { ChartResult } from '../../src/types/result.js';
import { chartResult } from '../../test/support/results.js';

const result: ChartResult = chartResult('team-a', {
  version: '1.2.3',
  repo: 'https://x/chartrepo/team-a',
});

describe('progressLine', () => {
  it('shows chart, version, namespace and stage', () => {
    expect(progressLine({ stage: 'verified', result })).toBe('✓ hello 1.2.3 → team-a verified');
  });
  it('falls back to the repository URL without a namespace and shows the failure', () => {
    expect(
      progressLine({
        stage: 'failed',
        result: { ...result, namespace: '', error: 'answered 401' },
      }),
    ).toBe('✗ hello 1.2.3 → https://x/chartrepo/team-a failed: answered 401');
  });
});
