// What every request handler of one chart server shares.
import type { FaultList } from './faults.js';
import type { LayoutConfig } from './routes.js';
import type { ChartStorage } from './storage.js';
import type { ChartServerOptions, RecordedRequest } from './types.js';

export interface ServerContext {
  config: LayoutConfig;
  options: ChartServerOptions;
  storage: ChartStorage;
  faults: FaultList;
  requests: RecordedRequest[];
  uploads: Record<string, number>;
  realm: string;
  readOnly: Set<string>;
  sleep(ms: number): Promise<void>;
  /** With `indexRedirect`: the second port, and what it received. */
  indexHost?: { url: string; requests: RecordedRequest[] };
}
