// push-method oci end to end: the built action with real Helm 3.18, 4.1 and 4.2 against a real
// registry (Debian's docker-registry) with htpasswd auth, over plain HTTP and over TLS, and behind
// a front that answers 401/403 for repositories that do not exist yet (as Docker Hub and
// Artifactory do).
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectActionFailure, useE2eEnv } from '../../test/support/e2e-fixture.js';
import {
  chartRows as rows,
  failureMessage as failure,
  filesContaining,
  runAction,
  visibleStdout,
  type ActionRun,
} from '../../test/support/action-runner.js';
import { startOciFront, type DenyMode } from '../../test/support/oci-front.js';
import { startRegistry, type Registry } from '../../test/support/registry.js';

const USER = 'robot';
const PASSWORD = `oci-${randomBytes(10).toString('hex')}`;
const SECRETS = [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')];

const env = useE2eEnv('oci', ['hello', 'greeter']);

function inputs(registry: Registry, extra: Record<string, string>): Record<string, string> {
  return {
    charts: 'charts/*',
    'repo-url': `oci://${registry.host}/{namespace}`,
    namespaces: 'team-a, team-b',
    username: USER,
    password: PASSWORD,
    'helm-mirror': env.helmMirror.url,
    'fetch-back': 'true',
    ...(registry.caFile !== undefined ? { 'ca-file': registry.caFile } : { 'plain-http': 'true' }),
    ...extra,
  };
}

describe.each(['v3.18.0', 'v4.1.4', 'v4.2.3'])('Helm %s, plain HTTP registry', (helmVersion) => {
  let registry: Registry;
  let run: ActionRun;
  beforeAll(async () => {
    registry = await startRegistry({ user: USER, password: PASSWORD });
    run = await runAction(inputs(registry, { 'helm-version': helmVersion, version: '1.2.3' }), {
      cwd: env.work,
      toolCache: env.toolCache,
      sampleArgv: true,
    });
  });
  afterAll(async () => {
    // beforeAll may have failed before these were set; do not hide its error behind ours.
    await (registry as Registry | undefined)?.stop();
    const temp = (run as ActionRun | undefined)?.runnerTemp;
    if (temp !== undefined) await rm(temp, { recursive: true, force: true });
  });

  it('pushes, verifies and fetches back two charts to two namespaces', async () => {
    expect(failure(run)).toBe('');
    expect(run.exitCode).toBe(0);
    expect(rows(run).map((r) => [r.chart, r.namespace, r.status, r.verified, r.fetched])).toEqual([
      ['greeter', 'team-a', 'pushed', true, true],
      ['greeter', 'team-b', 'pushed', true, true],
      ['hello', 'team-a', 'pushed', true, true],
      ['hello', 'team-b', 'pushed', true, true],
    ]);
    for (const ns of ['team-a', 'team-b']) {
      expect(await registry.tags(`${ns}/hello`)).toEqual(['1.2.3']);
    }
  });

  it('reports the chart layer digest, the SHA-256 of the pushed .tgz', () => {
    for (const row of rows(run)) expect(row.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const byChart = new Map(rows(run).map((r) => [r.chart, r.digest]));
    // Packaged once: the same bytes (and digest) in every namespace.
    expect(
      rows(run)
        .filter((r) => r.chart === 'hello')
        .map((r) => r.digest),
    ).toEqual([byChart.get('hello'), byChart.get('hello')]);
  });

  it('reports the manifest digest helm push printed (stderr up to 4.2.0, stdout from 4.2.1)', async () => {
    for (const row of rows(run)) {
      const stored = await registry.manifestDigest(`${row.namespace}/${row.chart}`, '1.2.3');
      expect(row.manifestDigest, `${row.namespace}/${row.chart}`).toBe(stored);
      expect(row.manifestDigest).not.toBe(row.digest);
    }
  });

  it('keeps the password out of argv, logs and files, and logs out', async () => {
    const visible = visibleStdout(run);
    for (const secret of SECRETS) {
      expect(visible).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
      for (const argv of run.argvSeen) expect(argv).not.toContain(secret);
    }
    // The sampler really watched Helm run (so the absence above means something).
    expect(run.argvSeen.some((a) => /linux-amd64\/helm /.test(a))).toBe(true);
    expect(await filesContaining(run.runnerTemp, SECRETS)).toEqual([]);
    expect((await readdir(run.runnerTemp)).filter((f) => f.startsWith('helm-publish-'))).toEqual(
      [],
    );
  });
});

describe('registry behaviour', () => {
  let registry: Registry;
  beforeAll(async () => {
    registry = await startRegistry({ user: USER, password: PASSWORD });
    const first = await runAction(inputs(registry, { version: '2.0.0', 'fetch-back': 'false' }), {
      cwd: env.work,
      toolCache: env.toolCache,
    });
    expect(failure(first)).toBe('');
  });
  afterAll(async () => {
    await (registry as Registry | undefined)?.stop();
  });

  it('if-exists fail: refuses before pushing anything (registries replace tags silently)', async () => {
    const run = await runAction(
      inputs(registry, { version: '2.0.0', namespaces: 'team-c, team-a' }),
      { cwd: env.work, toolCache: env.toolCache },
    );
    expect(run.exitCode).not.toBe(0);
    expect(failure(run)).toMatch(
      /greeter 2\.0\.0 already exists in oci:\/\/127\.0\.0\.1:\d+\/team-a: publish a new version, or set `if-exists` to skip or overwrite/,
    );
    expect(await registry.tags('team-c/hello')).toEqual([]);
  });

  it('if-exists skip: succeeds and reports skipped with the stored digest', async () => {
    const run = await runAction(inputs(registry, { version: '2.0.0', 'if-exists': 'skip' }), {
      cwd: env.work,
      toolCache: env.toolCache,
    });
    expect(run.exitCode).toBe(0);
    expect(rows(run).map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(rows(run)[0]?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('if-exists overwrite: pushes again and verifies the new layer digest', async () => {
    const run = await runAction(
      inputs(registry, { version: '2.0.0', 'if-exists': 'overwrite', 'app-version': '7.0.0' }),
      { cwd: env.work, toolCache: env.toolCache },
    );
    expect(failure(run)).toBe('');
    expect(rows(run).map((r) => [r.status, r.verified, r.fetched])).toEqual(
      Array(4).fill(['overwritten', true, true]),
    );
  });

  it('a wrong password is a clear error and nothing is pushed', async () => {
    const run = await runAction(inputs(registry, { version: '3.0.0', password: 'wrong' }), {
      cwd: env.work,
      toolCache: env.toolCache,
    });
    expect(run.exitCode).not.toBe(0);
    expect(failure(run)).toMatch(/check `username`\/`password`/);
    expect(await registry.tags('team-a/hello')).toEqual(['2.0.0']);
  });
});

describe('TLS registry with ca-file', () => {
  it('pushes, verifies and fetches back through a CA the runner does not trust by default', async () => {
    const registry = await startRegistry({ user: USER, password: PASSWORD, tls: true });
    try {
      const run = await runAction(
        inputs(registry, { version: '1.0.0', namespaces: 'secure', charts: 'charts/hello' }),
        { cwd: env.work, toolCache: env.toolCache },
      );
      expect(failure(run)).toBe('');
      expect(rows(run)[0]).toMatchObject({ status: 'pushed', verified: true, fetched: true });
      expect(await registry.tags('secure/hello')).toEqual(['1.0.0']);
    } finally {
      await registry.stop();
    }
  });
});

describe.each([401, 403] as DenyMode[])(
  'a registry that answers %i for a repository not there yet',
  (mode) => {
    it('takes it as absent after a successful login: pushes, then verifies', async () => {
      const registry = await startRegistry({ user: USER, password: PASSWORD });
      const front = await startOciFront({
        registry: registry.host,
        user: USER,
        password: PASSWORD,
        mode,
      });
      try {
        const run = await runAction(
          inputs({ ...registry, host: front.host }, { version: '1.0.0', namespaces: 'fresh' }),
          { cwd: env.work, toolCache: env.toolCache },
        );
        expect(failure(run)).toBe('');
        expect(rows(run).map((r) => [r.chart, r.status, r.verified, r.fetched])).toEqual([
          ['greeter', 'pushed', true, true],
          ['hello', 'pushed', true, true],
        ]);
        // The existence check really met the 401/403: per chart, a 401 is met once more after
        // answering its challenge with the credentials.
        expect(front.denials).toBe(mode === 401 ? 4 : 2);
        expect(await registry.tags('fresh/hello')).toEqual(['1.0.0']);
      } finally {
        await front.close();
        await registry.stop();
      }
    });
  },
);

describe('Helm flags by version', () => {
  it('Helm 3.8.1 with `ca-file`: a clear input error before anything runs, nothing pushed', async () => {
    const registry = await startRegistry({ user: USER, password: PASSWORD, tls: true });
    try {
      await expectActionFailure(
        env,
        inputs(registry, { version: '1.0.0', namespaces: 'old', 'helm-version': 'v3.8.1' }),
        /`ca-file` with OCI \(`helm push --ca-file`\) needs Helm 3\.12\.0 or later, but `helm-version` is v3\.8\.1: set `helm-version` to v3\.12\.0 or newer/,
      );
      expect(await registry.tags('old/hello')).toEqual([]);
    } finally {
      await registry.stop();
    }
  });
});
