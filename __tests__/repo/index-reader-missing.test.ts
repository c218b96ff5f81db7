// When the index reader (a chunk of dist/ loaded on first use) cannot be loaded, the index read
// fails with a message that names the fix, and the answer that was already on its way is
// consumed: otherwise the connection stays taken and closing the client waits for it forever.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/logger.js';
import { makeChartTgz } from '../../test/support/chart-fixtures.js';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';

vi.mock('../../src/index/lookup.js', () => {
  throw new Error('Cannot find module 453.index.js');
});

let server: ChartServer;

beforeAll(async () => {
  server = await startChartServer({ layout: 'harbor', users: { u: 'p' } });
  await server.seed('ns', await makeChartTgz({ name: 'hello', version: '1.0.0' }));
  // Large enough that the answer is still arriving when the read gives up.
  server.seedSyntheticIndex('ns', { charts: 200, versionsPerChart: 50 });
});
afterAll(() => server.close());

it('fails with the fix named and leaves the connection free', async () => {
  const { ChartRepository } = await import('../../src/repo/chartrepo.js');
  const http = new HttpClient({ timeoutSeconds: 5, retries: 0, logger: silentLogger });
  const repo = new ChartRepository(server.repoUrl('ns'), http, { username: 'u', password: 'p' });
  await expect(repo.readIndex([{ chart: 'hello', version: '1.0.0' }])).rejects.toThrow(
    /^cannot load the index reader of helm-publish: .+; reinstall the action \(is dist\/ complete\?\)$/,
  );
  expect(server.requests.map((r) => [r.method, r.path, r.status])).toEqual([
    ['GET', '/chartrepo/ns/index.yaml', 200],
  ]);
  const closed = await Promise.race([
    http.close().then(() => 'closed'),
    new Promise((resolve) => setTimeout(resolve, 3000, 'still open')),
  ]);
  expect(closed).toBe('closed');
});
