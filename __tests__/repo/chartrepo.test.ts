// ChartRepository against the project's chart server: the index read that can also fill Helm's
// repository cache, and the upload API address per layout.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/logger.js';
import { ChartRepository, apiBaseUrl, versionKey } from '../../src/repo/chartrepo.js';
import { makeChartTgz } from '../../test/support/chart-fixtures.js';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';

const auth = { username: 'u', password: 'p' };
let server: ChartServer;
let http: HttpClient;
let dir: string;

beforeAll(async () => {
  server = await startChartServer({ layout: 'harbor', users: { u: 'p' } });
  await server.seed('ns', await makeChartTgz({ name: 'hello', version: '1.0.0' }));
  http = new HttpClient({ timeoutSeconds: 5, retries: 0, logger: silentLogger });
});
afterAll(async () => {
  await http.close();
  await server.close();
});
afterEach(async () => {
  server.clearFaults();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
  dir = '';
});

const repo = (): ChartRepository => new ChartRepository(server.repoUrl('ns'), http, auth);

describe('readIndex with a copy for Helm', () => {
  it('finds the wanted version and leaves the exact bytes served, and nothing else', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'index-copy-'));
    const file = path.join(dir, 'r-index.yaml');
    const snapshot = await repo().readIndex([{ chart: 'hello', version: '1.0.0' }], file);
    expect(snapshot.entries.get(versionKey('hello', '1.0.0'))?.digest).toMatch(/^[0-9a-f]{64}$/);
    const served = await (
      await fetch(`${server.repoUrl('ns')}/index.yaml`, {
        headers: { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` },
      })
    ).text();
    // The server stamps each answer with its own `generated:` time.
    const unstamped = (text: string): string => text.replace(/^generated: .*$/m, '');
    expect(unstamped(await readFile(file, 'utf8'))).toBe(unstamped(served));
    expect(served).toMatch(/^generated: /m);
    expect(await readdir(dir)).toEqual(['r-index.yaml']);
  });

  it('a cut-short index fails the read and leaves no file, not even a partial one', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'index-copy-'));
    server.addFault({ route: 'index', truncatedIndex: true });
    await expect(
      repo().readIndex([{ chart: 'hello', version: '1.0.0' }], path.join(dir, 'r-index.yaml')),
    ).rejects.toThrow(/is not a valid chart repository index/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('saveIndex streams the index to the file', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'index-copy-'));
    const file = path.join(dir, 'r-index.yaml');
    await repo().saveIndex(file);
    expect(await readFile(file, 'utf8')).toContain('hello');
    expect(await readdir(dir)).toEqual(['r-index.yaml']);
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
});
