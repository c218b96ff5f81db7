// What the chart server's contract tests share: servers closed after each test, and the
// digests and Basic credentials a client computes.
import { createHash } from 'node:crypto';
import { afterEach } from 'vitest';
import {
  startChartServer,
  type ChartServer,
  type ChartServerOptions,
} from '../../test/support/chart-server.js';

const servers: ChartServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A chart server closed when the current test ends. */
export async function start(options: ChartServerOptions = {}): Promise<ChartServer> {
  const server = await startChartServer(options);
  servers.push(server);
  return server;
}

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex');

export const basic = (user: string, password: string): string =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
