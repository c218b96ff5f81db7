// Ten charts to five namespaces at 50 ms per request: `parallel: 1` against `parallel: 4`.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeChartDir } from '../test/support/chart-fixtures.js';
import { actionInputs, actionRun, benchServer, RUNS, type Context } from './context.js';
import { median } from './timing.js';

export async function benchFanOut(ctx: Context): Promise<string[]> {
  const namespaces = ['ns1', 'ns2', 'ns3', 'ns4', 'ns5'];
  const server = await benchServer(namespaces, 50);
  const dir = await mkdtemp(path.join(tmpdir(), 'fanout-'));
  try {
    for (let i = 0; i < 10; i++)
      await writeChartDir(path.join(dir, 'charts', `chart${i}`), {
        name: `chart${i}`,
        version: '1.0.0',
      });
    const base = (parallel: string, version: string): Record<string, string> => ({
      ...actionInputs(ctx, server, { 'push-method': 'http', 'fetch-back': 'true' }),
      charts: 'charts/*',
      namespaces: namespaces.join(','),
      parallel,
      version,
    });
    const serial: number[] = [];
    const parallel: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      serial.push(await actionRun(ctx, base('1', `1.0.${i}`), dir));
      parallel.push(await actionRun(ctx, base('4', `2.0.${i}`), dir));
    }
    const s = median(serial);
    const p = median(parallel);
    return [
      `| 10 charts × 5 namespaces, 50 ms per request, http + verify + fetch-back: \`parallel: 1\` | ${s.toFixed(2)} s | 1.00× |`,
      `| … \`parallel: 4\` | ${p.toFixed(2)} s | ${(p / s).toFixed(2)}× (speed-up ${(s / p).toFixed(2)}×) |`,
    ];
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
