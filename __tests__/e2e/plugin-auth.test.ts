// Token auth against a ChartMuseum with --bearer-auth (test server bearer mode), through our
// client (`http`) and helm-push (`plugin`, HELM_REPO_ACCESS_TOKEN), with real Helm; and how a
// failed plugin push is read (helm-push's own error line only).
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectActionFailure, useE2eEnv, useServerRun } from '../../test/support/e2e-fixture.js';
import {
  chartRows,
  failureMessage,
  filesContaining,
  runAction,
  type ActionRun,
} from '../../test/support/action-runner.js';
import { makeChartTgz } from '../../test/support/chart-fixtures.js';
import { startChartServer, type ChartServer } from '../../test/support/chart-server.js';
import { expectNoSecret } from '../../test/support/e2e-assert.js';
import { e2eInputs } from '../../test/support/e2e-env.js';

const TOKEN = `tok-${randomBytes(12).toString('hex')}`;
const env = useE2eEnv('token');

function inputs(server: ChartServer, extra: Record<string, string>): Record<string, string> {
  return e2eInputs(env, server, { 'verify-timeout': '20', ...extra });
}

function expectNoToken(run: ActionRun): void {
  expectNoSecret(run, [TOKEN]);
}

describe.each([
  ['v3.18.0', 'http'],
  ['v3.18.0', 'plugin'],
  ['v4.1.4', 'plugin'],
])('access-token, Helm %s, push-method %s', (helmVersion, method) => {
  const fx = useServerRun(
    { layout: 'multitenant', depth: 1, bearer: { tokens: [TOKEN] } },
    (server) =>
      runAction(
        inputs(server, {
          'access-token': TOKEN,
          'push-method': method,
          'helm-version': helmVersion,
        }),
        { cwd: env.work, toolCache: env.toolCache, sampleArgv: true },
      ),
  );

  it('pushes and verifies with the Bearer header on every request', () => {
    expect(failureMessage(fx.run)).toBe('');
    expect(chartRows(fx.run)).toMatchObject([{ status: 'pushed', verified: true }]);
    expect(fx.server.charts('team-a').map((c) => c.version)).toEqual(['1.0.0']);
    expect(fx.server.requests.length).toBeGreaterThan(1);
    for (const request of fx.server.requests) {
      expect(request).toMatchObject({ bearer: TOKEN });
      expect(request.user).toBeUndefined();
    }
  });

  it('masks the token and never shows it, nor puts it on a command line or on disk', async () => {
    expect(fx.run.stdout.split('\n')).toContain(`::add-mask::${TOKEN}`);
    expectNoToken(fx.run);
    expect(fx.run.argvSeen.some((argv) => /linux-amd64\/helm /.test(argv))).toBe(true);
    expect(await filesContaining(fx.run.runnerTemp, [TOKEN])).toEqual([]);
  });
});

describe.each(['http', 'plugin'])('a rejected token, push-method %s', (method) => {
  it('fails with a 401 that names `access-token`', async () => {
    // http: the index read is refused. plugin: the token reads the index, and the upload that
    // helm-push sends is refused, so its own `Error: 401: …` line is what we read.
    const server = await startChartServer({
      layout: 'multitenant',
      depth: 1,
      bearer: { tokens: method === 'plugin' ? [TOKEN] : ['other'] },
    });
    if (method === 'plugin') server.addFault({ route: 'upload', status: 401, times: Infinity });
    try {
      const run = await runAction(
        inputs(server, { 'access-token': TOKEN, 'push-method': method }),
        { cwd: env.work, toolCache: env.toolCache },
      );
      expect(run.exitCode).not.toBe(0);
      expect(failureMessage(run)).toMatch(
        /401 .*check `access-token` for http:\/\/127\.0\.0\.1:\d+\/team-a/,
      );
      if (method === 'plugin') {
        expect(server.requests.filter((r) => r.method === 'POST')).toMatchObject([
          { status: 401, bearer: TOKEN },
        ]);
      }
      expect(server.charts('team-a')).toEqual([]);
      expectNoToken(run);
    } finally {
      await server.close();
    }
  });
});

describe('a failed plugin push', () => {
  it('is read from helm-push’s error line, not from a 409 or 403 in the version or namespace', async () => {
    const server = await startChartServer({ layout: 'multitenant', depth: 1 });
    server.addFault({ route: 'upload', status: 500, times: Infinity });
    try {
      const run = await runAction(
        inputs(server, { namespaces: 'team-403', version: '1.0.409', 'push-method': 'plugin' }),
        { cwd: env.work, toolCache: env.toolCache },
      );
      expect(run.exitCode).not.toBe(0);
      const [row] = chartRows(run);
      expect(row).toMatchObject({ status: 'failed', version: '1.0.409', namespace: 'team-403' });
      expect(row?.error).toMatch(
        /helm-push could not upload to .*team-403: HTTP 500: injected 500/,
      );
      expect(row?.error).not.toMatch(/exists|refused|forbidden/);
    } finally {
      await server.close();
    }
  });

  it('refuses a .tgz with a .prov before pushing anything: helm-push re-packages', async () => {
    const server = await startChartServer({ layout: 'multitenant', depth: 1 });
    const dir = path.join(env.work, 'signed');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'signed-1.0.0.tgz'),
      await makeChartTgz({ name: 'signed', version: '1.0.0' }),
    );
    await writeFile(
      path.join(dir, 'signed-1.0.0.tgz.prov'),
      '-----BEGIN PGP SIGNED MESSAGE-----\n',
    );
    try {
      await expectActionFailure(
        env,
        inputs(server, { charts: 'signed/signed-1.0.0.tgz', version: '', 'push-method': 'plugin' }),
        /signed-1\.0\.0\.tgz\.prov: helm-push re-packages charts .*set `push-method: http`/,
      );
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
