// A chart result as the engine reports it, for tests of what is shown from results.
import type { ChartResult } from '../../src/types/result.js';

/** `hello` 1.0.0 pushed to `namespace`, nothing verified; `overrides` change any field. */
export function chartResult(namespace: string, overrides: Partial<ChartResult> = {}): ChartResult {
  return {
    chart: 'hello',
    version: '1.0.0',
    appVersion: '',
    namespace,
    repo: `https://repo.test/chartrepo/${namespace}`,
    digest: '',
    status: 'pushed',
    verified: false,
    fetched: false,
    seconds: 0,
    chartYaml: 'Chart.yaml',
    ...overrides,
  };
}
