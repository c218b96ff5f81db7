// The test server's bearer mode, as ChartMuseum --bearer-auth answers (pkg/chartmuseum/router/
// router.go with chartmuseum/auth): 401 and a Bearer challenge without the token, else served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';

let server: ChartServer;
beforeAll(async () => {
  server = await startChartServer({
    layout: 'chartmuseum',
    bearer: { tokens: ['good'], realm: 'https://auth.test/token', service: 'cm' },
  });
});
afterAll(() => server.close());

describe('contract: bearer mode', () => {
  it('challenges a request without the token, or with Basic auth', async () => {
    for (const authorization of [undefined, 'Bearer bad', `Basic ${btoa('u:p')}`]) {
      const answer = await fetch(`${server.repoUrl()}/index.yaml`, {
        ...(authorization !== undefined && { headers: { authorization } }),
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe(
        'Bearer realm="https://auth.test/token",service="cm",scope="artifact-repository:repo:pull"',
      );
      expect(await answer.json()).toEqual({ error: 'unauthorized' });
    }
    const upload = await fetch(`${server.apiUrl()}/charts`, { method: 'POST', body: 'x' });
    expect(upload.headers.get('www-authenticate')).toContain(
      'scope="artifact-repository:repo:push"',
    );
  });

  it('serves a request with the token and records it', async () => {
    const answer = await fetch(`${server.repoUrl()}/index.yaml`, {
      headers: { authorization: 'Bearer good' },
    });
    expect(answer.status).toBe(200);
    expect(server.requests.at(-1)).toMatchObject({ status: 200, bearer: 'good' });
  });
});
