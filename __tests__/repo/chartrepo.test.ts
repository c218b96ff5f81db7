// ChartRepository against the project's chart server: the index read, and the upload API
// address per layout.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/logger.js';
import { ChartRepository, apiBaseUrl, isPlainPath, versionKey } from '../../src/repo/chartrepo.js';
import { makeChartTgz } from '../../test/support/chart-fixtures.js';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';

const auth = { username: 'u', password: 'p' };
let server: ChartServer;
let http: HttpClient;

beforeAll(async () => {
  server = await startChartServer({ layout: 'harbor', users: { u: 'p' } });
  await server.seed('ns', await makeChartTgz({ name: 'hello', version: '1.0.0' }));
  http = new HttpClient({ timeoutSeconds: 5, retries: 0, logger: silentLogger });
});
afterAll(async () => {
  await http.close();
  await server.close();
});
afterEach(() => {
  server.clearFaults();
});

const repo = (): ChartRepository => new ChartRepository(server.repoUrl('ns'), http, auth);

describe('readIndex', () => {
  it('finds the wanted version and its digest', async () => {
    const snapshot = await repo().readIndex([{ chart: 'hello', version: '1.0.0' }]);
    expect(snapshot.entries.get(versionKey('hello', '1.0.0'))?.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a cut-short index fails the read', async () => {
    server.addFault({ route: 'index', truncatedIndex: true });
    await expect(repo().readIndex([{ chart: 'hello', version: '1.0.0' }])).rejects.toThrow(
      /is not a valid chart repository index/,
    );
  });
});

describe('apiBaseUrl', () => {
  it.each([
    ['https://tcr.example/chartrepo/team-a', undefined, 'https://tcr.example/api/chartrepo/team-a'],
    ['https://cm.example/', undefined, 'https://cm.example/api'],
    ['https://cm.example/ctx', '/ctx', 'https://cm.example/ctx/api'],
    ['https://cm.example/ctx/org/team', '/ctx', 'https://cm.example/ctx/api/org/team'],
  ])('%s (context path %s) → %s', (repoUrl, contextPath, expected) => {
    expect(apiBaseUrl(repoUrl, contextPath)).toBe(expected);
  });

  // A hostile index.yaml's serverInfo.contextPath must never move the upload (and the
  // credentials with it) to another origin.
  it.each(['@[::1]:8080', '//evil.example/x', '@evil.example', '/a\\b', '/x?y', 'ctx', '/a b'])(
    'refuses the context path %s',
    (contextPath) => {
      expect(isPlainPath(contextPath)).toBe(false);
      expect(() => apiBaseUrl('http://127.0.0.1:8080/', contextPath)).toThrow(/not a plain path/);
    },
  );
});
