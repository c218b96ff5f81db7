// Helm's cached index as fetch-back writes it: only the versions to pull, as JSON. Real Helm
// binaries (3.4, 3.18, 4.1) must resolve, authenticate and download from it, with relative and
// absolute chart URLs, and must find nothing the file does not list.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Helm } from '../../src/helm/cli.js';
import { fetchCommand } from '../../src/helm/commands.js';
import { createHelmHome, removeHelmHome, type HelmHome } from '../../src/helm/home.js';
import { writeRepositoriesFile, writeRepositoryIndex } from '../../src/helm/repofile.js';
import { HttpClient } from '../../src/http/client.js';
import { silentLogger } from '../../src/logger.js';
import { ChartRepository, versionKey } from '../../src/repo/chartrepo.js';
import { makeChartTgz } from '../../test/support/chart-fixtures.js';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';
import { ensureHelmBinary } from '../../test/support/helm-binaries.js';

const auth = { username: 'u', password: 'p' };
const http = new HttpClient({ timeoutSeconds: 5, retries: 0, logger: silentLogger });
const servers: Record<'relative' | 'absolute', ChartServer | undefined> = {
  relative: undefined,
  absolute: undefined,
};
const archives = new Map<string, Buffer>();

beforeAll(async () => {
  for (const version of ['1.0.0', '1.10.0']) {
    archives.set(version, await makeChartTgz({ name: 'hello', version }));
  }
  for (const urls of ['relative', 'absolute'] as const) {
    const server = await startChartServer({ layout: 'harbor', users: { u: 'p' }, urls });
    for (const tgz of archives.values()) await server.seed('ns', tgz);
    server.seedSyntheticIndex('ns', { charts: 50, versionsPerChart: 20 });
    servers[urls] = server;
  }
});
afterAll(async () => {
  await http.close();
  for (const server of Object.values(servers)) await server?.close();
});

let home: HelmHome | undefined;
afterEach(async () => {
  if (home !== undefined) await removeHelmHome(home.root);
  home = undefined;
});

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('writeRepositoryIndex', () => {
  it('lists only the given versions under their chart, as JSON a YAML reader takes, 0600', async () => {
    home = await createHelmHome(tmpdir(), 3);
    const file = path.join(home.repositoryCache, 'r-index.yaml');
    await writeRepositoryIndex(file, [
      {
        chart: 'hello',
        entry: { name: 'hello', version: '1.10', urls: ['charts/hello-1.10.tgz'], digest: 'ab' },
      },
      { chart: 'hello', entry: { name: 'hello', version: '2.0.0', urls: ['https://x/h.tgz'] } },
      { chart: 'other', entry: { name: 'other', version: '1.0.0', urls: [], appVersion: '9' } },
    ]);
    const text = await readFile(file, 'utf8');
    const doc = YAML.parse(text) as unknown;
    expect(JSON.parse(text)).toEqual(doc);
    expect(doc).toMatchObject({
      apiVersion: 'v1',
      entries: {
        hello: [
          { name: 'hello', version: '1.10', urls: ['charts/hello-1.10.tgz'], digest: 'ab' },
          { name: 'hello', version: '2.0.0', urls: ['https://x/h.tgz'] },
        ],
        other: [{ name: 'other', version: '1.0.0', urls: [], appVersion: '9' }],
      },
    });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(home.repositoryCache)).toEqual(['r-index.yaml']);
  });
});

describe.each(['v3.4.2', 'v3.18.0', 'v4.1.4'])('Helm %s pulls from it', (version) => {
  it.each(['relative', 'absolute'] as const)('%s chart URLs', async (urls) => {
    const server = servers[urls];
    if (server === undefined) throw new Error('no server');
    const helmPath = await ensureHelmBinary(version);
    const [major = 3, minor = 0] = version.slice(1).split('.').map(Number);
    home = await createHelmHome(tmpdir(), major);
    const helm = new Helm(
      { path: helmPath, version, major, minor, fromCache: true },
      home,
      silentLogger,
    );
    const repoUrl = server.repoUrl('ns');
    await writeRepositoriesFile(home.repositoryConfig, home.repositoryCache, major, [
      { name: 'r', url: repoUrl, ...auth },
    ]);
    // The entry exactly as the repository lists it, among a thousand other versions.
    const snapshot = await new ChartRepository(repoUrl, http, auth).readIndex([
      { chart: 'hello', version: '1.0.0' },
    ]);
    const entry = snapshot.entries.get(versionKey('hello', '1.0.0'));
    if (entry === undefined) throw new Error('hello 1.0.0 is not in the index');
    expect(entry.urls[0]?.startsWith('http')).toBe(urls === 'absolute');
    await writeRepositoryIndex(path.join(home.repositoryCache, 'r-index.yaml'), [
      { chart: 'hello', entry },
    ]);

    const dest = path.join(home.workDir, 'pulled');
    await mkdir(dest, { recursive: true });
    await helm.run(fetchCommand(helm, 'r', ['hello'], '1.0.0', dest), 'pull');
    const pulled = await readFile(path.join(dest, 'hello-1.0.0.tgz'));
    expect(sha256(pulled)).toBe(sha256(archives.get('1.0.0') ?? Buffer.alloc(0)));
    expect(server.requests.at(-1)?.user).toBe('u');

    // The repository has 1.10.0, but Helm goes by the cached index, which does not list it.
    await expect(
      helm.run(fetchCommand(helm, 'r', ['hello'], '1.10.0', dest), 'pull'),
    ).rejects.toThrow(/not found|no chart version found/i);
  });
});
