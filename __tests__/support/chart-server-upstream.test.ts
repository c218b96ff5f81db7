// Contract tests: the chart server's ChartMuseum ≥ 0.13 and Harbor modes answer as the upstream
// sources named in test/support/chart-server/consistency.ts and harbor.ts do.
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { makeChartTgz } from '../../test/support/chart-fixtures.js';
import { ConsistencyModel } from '../../test/support/chart-server/consistency.js';
import { type ChartServer, type ChartServerOptions } from '../../test/support/chart-server.js';
import { basic, sha256, start } from './server-harness.js';

const headers = (auth?: string): RequestInit =>
  auth !== undefined ? { headers: { authorization: auth } } : {};

function upload(apiBase: string, tgz: Buffer, auth?: string): Promise<Response> {
  const form = new FormData();
  form.append('chart', new Blob([tgz]), 'chart.tgz');
  return fetch(`${apiBase}/charts`, { method: 'POST', body: form, ...headers(auth) });
}

/** Versions of `chart` index.yaml lists now. */
async function indexed(server: ChartServer, ns: string, chart: string): Promise<string[]> {
  const res = await fetch(`${server.repoUrl(ns)}/index.yaml`);
  expect(res.status).toBe(200);
  const index = YAML.parse(await res.text()) as {
    entries: Record<string, { version: string }[]>;
  };
  return (index.entries[chart] ?? []).map((e) => e.version);
}

const apiStatus = async (server: ChartServer, ns: string, name: string, version: string) =>
  (await fetch(`${server.apiUrl(ns)}/charts/${name}/${version}`)).status;

const downloadDigest = async (server: ChartServer, ns: string, file: string) => {
  const res = await fetch(`${server.repoUrl(ns)}/charts/${file}`);
  return res.status === 200 ? sha256(new Uint8Array(await res.arrayBuffer())) : res.status;
};

describe('contract: ChartMuseum ≥ 0.13 index regenerated after the 201', () => {
  it('per-entry random delays are the same for the same seed and differ for another', () => {
    const delays = (seed: number): number[] => {
      const model = new ConsistencyModel({ seed, maxDelayMs: 10_000 });
      return [1, 2, 3, 4, 5].map((i) => model.visibilityOf(`c-${String(i)}.tgz`, 0).visibleAt);
    };
    expect(delays(7)).toEqual(delays(7));
    expect(delays(7)).not.toEqual(delays(8));
    expect(new Set(delays(7)).size).toBe(5);
    expect(delays(7).every((d) => d >= 0 && d < 10_000)).toBe(true);
  });

  it('the 201 comes before the entry: the index and the JSON API lack it, the download has it', async () => {
    const server = await start({ layout: 'chartmuseum', consistency: { maxDelayMs: 60_000 } });
    const tgz = await makeChartTgz({ name: 'late', version: '1.0.0' });
    expect((await upload(server.apiUrl(), tgz)).status).toBe(201);
    // A delay of 0 is possible for one draw; seed 1's first draw is not (asserted here).
    expect(await indexed(server, '', 'late')).toEqual([]);
    expect(await apiStatus(server, '', 'late', '1.0.0')).toBe(404);
    expect(await downloadDigest(server, '', 'late-1.0.0.tgz')).toBe(sha256(tgz));
    server.rescan();
    expect(await indexed(server, '', 'late')).toEqual(['1.0.0']);
    expect(await apiStatus(server, '', 'late', '1.0.0')).toBe(200);
  });

  it('a stale replica serves index.yaml without new uploads until a rescan', async () => {
    const server = await start({ layout: 'harbor', consistency: { staleReplica: 'index' } });
    const old = await makeChartTgz({ name: 'app', version: '1.0.0' });
    await server.seed('ns', old);
    const tgz = await makeChartTgz({ name: 'app', version: '2.0.0' });
    expect((await upload(server.apiUrl('ns'), tgz)).status).toBe(201);
    expect(await indexed(server, 'ns', 'app')).toEqual(['1.0.0']);
    // The replica that took the upload answers the JSON API (Harbor's details shape).
    const api = await fetch(`${server.apiUrl('ns')}/charts/app/2.0.0`);
    expect(await api.json()).toMatchObject({ metadata: { version: '2.0.0', digest: sha256(tgz) } });
    server.rescan();
    expect(await indexed(server, 'ns', 'app')).toEqual(['2.0.0', '1.0.0']);
  });

  it("staleReplica 'all': the JSON API reads the same stale in-memory index (api.go)", async () => {
    const server = await start({ layout: 'chartmuseum', consistency: { staleReplica: 'all' } });
    const tgz = await makeChartTgz({ name: 'app', version: '2.0.0' });
    expect((await upload(server.apiUrl(), tgz)).status).toBe(201);
    expect(await indexed(server, '', 'app')).toEqual([]);
    expect(await apiStatus(server, '', 'app', '2.0.0')).toBe(404);
    expect(await downloadDigest(server, '', 'app-2.0.0.tgz')).toBe(sha256(tgz));
  });

  it('an entry lost after concurrent uploads stays out of the index until the rescan interval', async () => {
    const server = await start({
      layout: 'chartmuseum',
      consistency: { lose: ['b-1.0.0.tgz'], rescanIntervalMs: 300 },
    });
    const [a, b] = await Promise.all([
      makeChartTgz({ name: 'a', version: '1.0.0' }),
      makeChartTgz({ name: 'b', version: '1.0.0' }),
    ]);
    const answers = await Promise.all([upload(server.apiUrl(), a), upload(server.apiUrl(), b)]);
    expect(answers.map((r) => r.status)).toEqual([201, 201]);
    expect(await indexed(server, '', 'a')).toEqual(['1.0.0']);
    expect(await indexed(server, '', 'b')).toEqual([]);
    expect(await apiStatus(server, '', 'b', '1.0.0')).toBe(404);
    let shown: string[] = [];
    for (let i = 0; i < 100 && shown.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      shown = await indexed(server, '', 'b');
    }
    expect(shown).toEqual(['1.0.0']);
  });
});

describe('contract: Harbor access rules (core/api/base.go, security/basic_auth.go)', () => {
  const users = { admin: 'Harbor12345', dev: 'dev-pass', robot$ci: 'robot-token' };
  const harbor = (publicProjects: string[] = []): ChartServerOptions => ({
    layout: 'harbor',
    users,
    namespaces: ['team-a', 'library'],
    harbor: { admins: ['admin'], publicProjects },
  });

  it('an unknown project: 401 anonymous, 403 to a user or robot, 404 only to an admin', async () => {
    const server = await start(harbor());
    const tgz = await makeChartTgz({ name: 'x', version: '1.0.0' });
    const cases: [string | undefined, number][] = [
      [undefined, 401],
      [basic('dev', 'wrong'), 401],
      [basic('dev', 'dev-pass'), 403],
      [basic('robot$ci', 'robot-token'), 403],
      [basic('admin', 'Harbor12345'), 404],
    ];
    for (const [auth, status] of cases) {
      const index = await fetch(`${server.repoUrl('nope')}/index.yaml`, headers(auth));
      expect([auth, index.status]).toEqual([auth, status]);
      expect(((await index.json()) as { errors: unknown[] }).errors).toHaveLength(1);
      expect([auth, (await upload(server.apiUrl('nope'), tgz, auth)).status]).toEqual([
        auth,
        status,
      ]);
    }
    expect(server.charts('nope')).toEqual([]);
  });

  it('a wrong password on a public project reads as anonymous: index 200, upload 401', async () => {
    const server = await start(harbor(['library']));
    const wrong = basic('dev', 'not-the-password');
    expect((await fetch(`${server.repoUrl('library')}/index.yaml`, headers(wrong))).status).toBe(
      200,
    );
    const tgz = await makeChartTgz({ name: 'x', version: '1.0.0' });
    const refused = await upload(server.apiUrl('library'), tgz, wrong);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      errors: [{ code: 'UNAUTHORIZED', message: 'UnAuthorized' }],
    });
    expect((await upload(server.apiUrl('library'), tgz, basic('dev', 'dev-pass'))).status).toBe(
      201,
    );
    // A private project is closed to anonymous reads.
    expect((await fetch(`${server.repoUrl('team-a')}/index.yaml`, headers(wrong))).status).toBe(
      401,
    );
  });
});

describe('contract: Harbor ≥ 2.8 without chart repositories (nginx.http.conf.jinja)', () => {
  it('answers the portal page for /chartrepo/… and 404 for /api/chartrepo/…', async () => {
    const server = await start({ layout: 'harbor', harbor: { chartRepoRemoved: true } });
    const index = await fetch(`${server.repoUrl('team-a')}/index.yaml`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html');
    expect(await index.text()).toMatch(/^<!doctype html>[\s\S]*<harbor-app>/);
    const tgz = await makeChartTgz({ name: 'x', version: '1.0.0' });
    expect((await upload(server.apiUrl('team-a'), tgz)).status).toBe(404);
    expect(server.charts('team-a')).toEqual([]);
  });
});
