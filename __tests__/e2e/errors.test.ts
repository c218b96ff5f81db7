// Every error SPEC promises ("one clear line each, nothing pushed"), driven through dist/ like
// a workflow would: the step fails, the message names the problem and the fix, and the chart
// server saw no upload.
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useE2eEnv } from '../../test/support/e2e-fixture.js';
import {
  failureMessage as failure,
  runAction,
  visibleStdout,
} from '../../test/support/action-runner.js';
import { startChartServer, type ChartServer, type Fault } from '../../test/support/chart-server.js';

const USER = 'ci';
const PASSWORD = 'errors-test-secret';

const env = useE2eEnv('errors');
let server: ChartServer;

beforeAll(async () => {
  server = await startChartServer({
    layout: 'harbor',
    users: { [USER]: PASSWORD },
    namespaces: ['team-a', 'team-b', 'has-it'],
  });
  const charts = path.join(env.work, 'charts');
  await mkdir(path.join(charts, 'empty'), { recursive: true });
  await mkdir(path.join(charts, 'broken'), { recursive: true });
  await writeFile(path.join(charts, 'broken', 'Chart.yaml'), 'name: [unclosed\nversion: 1.0.0\n');
  await mkdir(path.join(charts, 'badversion'), { recursive: true });
  await writeFile(
    path.join(charts, 'badversion', 'Chart.yaml'),
    'apiVersion: v2\nname: badversion\nversion: one\n',
  );
  // Parses, but `helm package` refuses it: a declared dependency is not in charts/.
  await mkdir(path.join(charts, 'nodeps'), { recursive: true });
  await writeFile(
    path.join(charts, 'nodeps', 'Chart.yaml'),
    'apiVersion: v2\nname: nodeps\nversion: 1.0.0\ndependencies:\n  - name: absent\n    version: 1.0.0\n    repository: https://charts.example.invalid\n',
  );
  await tar.c({ gzip: true, cwd: charts, file: path.join(env.work, 'hello-0.1.0.tgz') }, ['hello']);
  // has-it already holds hello 1.0.0: if-exists: fail must refuse before pushing anywhere.
  const seeded = await runAction(
    {
      charts: 'charts/hello',
      'repo-url': server.repoUrl('{namespace}'),
      namespaces: 'has-it',
      username: USER,
      password: PASSWORD,
      'helm-mirror': env.helmMirror.url,
      'push-method': 'http',
      version: '1.0.0',
    },
    { cwd: env.work, toolCache: env.toolCache },
  );
  expect(seeded.exitCode).toBe(0);
});

afterAll(() => server.close());

function inputs(extra: Record<string, string>): Record<string, string> {
  return {
    charts: 'charts/hello',
    'repo-url': server.repoUrl('{namespace}'),
    namespaces: 'team-a, team-b',
    username: USER,
    password: PASSWORD,
    'helm-mirror': env.helmMirror.url,
    'helm-push-mirror': env.pushMirror.url,
    'push-method': 'http',
    ...extra,
  };
}

const uploads = (): number =>
  server.requests.filter((r) => r.method === 'POST' || r.method === 'PUT').length;

// [name, inputs (over the defaults above), expected message]
const cases: Array<[string, Record<string, string>, RegExp]> = [
  ['no chart found', { charts: 'nothing/*' }, /^no chart found for `charts` pattern "nothing\/\*"/],
  [
    'a missing chart path',
    { charts: 'charts/absent' },
    /^no chart found at "charts\/absent": the path does not exist$/,
  ],
  [
    'a directory without Chart.yaml',
    { charts: 'charts/empty' },
    /^"charts\/empty" is a directory without Chart\.yaml: point `charts` at a chart directory or a \.tgz$/,
  ],
  [
    'an invalid Chart.yaml',
    { charts: 'charts/broken' },
    /charts\/broken\/Chart\.yaml is not valid YAML/,
  ],
  [
    'a Chart.yaml version that is not SemVer',
    { charts: 'charts/badversion' },
    /Chart\.yaml: version "one" is not SemVer 2: fix Chart\.yaml or set input `version`$/,
  ],
  [
    '`version` not SemVer',
    { version: 'release-1' },
    /^input `version` must be a SemVer 2 version like 1\.2\.3 or v1\.2\.3 \(from a tag\), got "release-1"$/,
  ],
  [
    'overrides with a .tgz',
    { charts: 'hello-0.1.0.tgz', version: '1.0.0' },
    /`version`\/`app-version` cannot change a packaged chart \(\.tgz\)/,
  ],
  [
    '{namespace} without namespaces',
    { namespaces: '' },
    /^`repo-url` contains \{namespace\}: set input `namespaces`/,
  ],
  [
    'namespaces without {namespace}',
    { 'repo-url': 'https://charts.example.com/chartrepo/team-a' },
    /^input `namespaces` is set but `repo-url` has no \{namespace\} placeholder/,
  ],
  [
    'neither repo-url nor instance',
    { 'repo-url': '', namespaces: '' },
    /^set input `repo-url` \(like https:\/\/host\/chartrepo\/\{namespace\}\) or `instance`/,
  ],
  [
    'an unsupported URL scheme',
    { 'repo-url': 'ftp://charts.example.com/{namespace}' },
    /^`repo-url` scheme "ftp" is not supported: use https:\/\/, http:\/\/ or oci:\/\/$/,
  ],
  [
    'credentials in the URL',
    { 'repo-url': 'https://u:p@charts.example.com/{namespace}' },
    /^remove the credentials from `repo-url` and set inputs `username` and `password` instead/,
  ],
  [
    'only a username',
    { password: '' },
    /^input `username` is set without `password`: set input `password` \(a secret\) too, or neither$/,
  ],
  [
    'only a password',
    { username: '' },
    /^input `password` is set without `username`: set both or neither$/,
  ],
  [
    'a malformed helm-version',
    { 'helm-version': '3.x' },
    /^input `helm-version` must be an exact Helm 2, 3 or 4 version like v3\.18\.0 \(or latest, 3, 4\), got "3\.x"$/,
  ],
  [
    'a Helm version not on the mirror',
    { 'helm-version': 'v3.99.0' },
    /^Helm archive helm-v3\.99\.0-linux-amd64\.tar\.gz has no checksum on the mirror .*check `helm-version` and `helm-mirror`/,
  ],
  [
    'a helm-push release not on the mirror',
    { 'push-method': 'plugin', 'helm-push-version': '0.10.9', 'helm-version': 'v3.18.0' },
    /^helm-push 0\.10\.9 is not on the mirror: .* answered 404; check `helm-push-version` and `helm-push-mirror`$/,
  ],
  [
    'a checksum mismatch',
    { 'helm-checksum': 'a'.repeat(64) },
    /^checksum mismatch for helm-v4\.2\.3-linux-amd64\.tar\.gz: expected sha256 a{64} \(`helm-checksum`\), got [0-9a-f]{64}( \(the cached copy\))?; nothing was installed$/,
  ],
  [
    'oci with Helm 2',
    {
      'repo-url': 'oci://127.0.0.1:5000/{namespace}',
      'push-method': 'auto',
      'helm-version': 'v2.10.0',
    },
    /^pushing to OCI registries needs Helm 3\.8\.0 or later, but `helm-version` is v2\.10\.0/,
  ],
  [
    'oci with Helm < 3.8',
    {
      'repo-url': 'oci://127.0.0.1:5000/{namespace}',
      'push-method': 'oci',
      'helm-version': 'v3.4.2',
    },
    /^pushing to OCI registries needs Helm 3\.8\.0 or later, but `helm-version` is v3\.4\.2/,
  ],
  [
    'an unknown push-method',
    { 'push-method': 'scp' },
    /^input `push-method` must be one of auto, plugin, http, oci; got "scp"$/,
  ],
  [
    'an unknown if-exists',
    { 'if-exists': 'replace' },
    /^input `if-exists` must be one of fail, skip, overwrite; got "replace"$/,
  ],
  [
    'a non-numeric parallel',
    { parallel: 'four' },
    /^input `parallel` must be a whole number of at least 1, got "four"$/,
  ],
  [
    'a non-numeric retries',
    { retries: '-1' },
    /^input `retries` must be a whole number of at least 0, got "-1"$/,
  ],
  [
    'a non-numeric timeout',
    { 'verify-timeout': '2m' },
    /^input `verify-timeout` must be a positive number of seconds, got "2m"$/,
  ],
  [
    'a wrong password (401)',
    { password: 'wrong' },
    /answered 401 \(unauthorized\): check `username`\/`password` for http:\/\/127\.0\.0\.1:\d+\/chartrepo\/team-[ab]/,
  ],
  [
    'a namespace that does not exist (404)',
    { namespaces: 'team-a, nope' },
    /answered 404: no chart repository at http:\/\/127\.0\.0\.1:\d+\/chartrepo\/nope; check the namespace and `repo-url`/,
  ],
  [
    'a chart Helm cannot package, next to a good one (shared `helm package`, then each alone)',
    { charts: 'charts/hello, charts/nodeps', parallel: '1' },
    /^packaging nodeps failed: helm package exited 1: Error: found in Chart\.yaml, but missing in charts\/ directory: absent: set `dependency-update: true` to fetch the chart's dependencies before packaging, or commit them under charts\/$/,
  ],
  [
    // The plugin packages charts itself, but does not check their dependencies: `helm package` does.
    'a chart whose dependencies are missing, push-method plugin',
    { charts: 'charts/hello, charts/nodeps', parallel: '1', 'push-method': 'plugin' },
    /^packaging nodeps failed: helm package exited 1: Error: found in Chart\.yaml, but missing in charts\/ directory: absent: set `dependency-update: true` to fetch the chart's dependencies before packaging, or commit them under charts\/$/,
  ],
  [
    'a version that exists, if-exists fail',
    { namespaces: 'team-a, has-it', version: '1.0.0' },
    /hello 1\.0\.0 already exists in http:\/\/127\.0\.0\.1:\d+\/chartrepo\/has-it: publish a new version, or set `if-exists` to skip or overwrite/,
  ],
];

describe('errors users must get', () => {
  it.each(cases)('%s', async (_name, extra, expected) => {
    const before = uploads();
    const run = await runAction(inputs(extra), { cwd: env.work, toolCache: env.toolCache });
    expect(run.exitCode).not.toBe(0);
    expect(failure(run)).toMatch(expected);
    expect(uploads()).toBe(before);
    expect(visibleStdout(run)).not.toContain(PASSWORD);
  });

  it('lists every input problem at once', async () => {
    const run = await runAction(inputs({ parallel: 'x', 'if-exists': 'never', version: 'bad' }), {
      cwd: env.work,
      toolCache: env.toolCache,
    });
    expect(run.exitCode).not.toBe(0);
    const message = failure(run);
    expect(message).toMatch(/^3 problems with the inputs:/);
    expect(message).toContain('`parallel`');
    expect(message).toContain('`if-exists`');
    expect(message).toContain('`version`');
  });

  it('a plan that fails starts no Helm: nothing is packaged, sent or left behind', async () => {
    // Helm would package both copies happily; the plan refuses them (one chart version twice).
    await cp(path.join(env.work, 'charts', 'hello'), path.join(env.work, 'twins', 'hello'), {
      recursive: true,
    });
    await cp(path.join(env.work, 'charts', 'hello'), path.join(env.work, 'twins', 'hello-again'), {
      recursive: true,
    });
    server.requests.length = 0;
    const run = await runAction(inputs({ charts: 'twins/*' }), {
      cwd: env.work,
      toolCache: env.toolCache,
      post: false,
    });
    expect(run.exitCode).not.toBe(0);
    expect(failure(run)).toMatch(/are both chart hello .+: publish each version once/);
    // The plan comes first: no Helm process ran, and nothing went to the repository.
    expect(run.stdout).not.toMatch(/::debug::helm /);
    expect(server.requests).toEqual([]);
    // The main step alone (no post step here) made no home, or removed it.
    const leftovers = (await readdir(run.runnerTemp)).filter((f) => f.startsWith('helm-publish-'));
    expect(leftovers).toEqual([]);
  });

  it('a bad Chart.yaml and a cached Helm that fails `helm-checksum`: the plan comes first', async () => {
    // Helm is at hand, so the Chart.yaml files are read after the install: its failure must not
    // hide them.
    const run = await runAction(
      inputs({ charts: 'charts/broken', 'helm-checksum': 'a'.repeat(64) }),
      {
        cwd: env.work,
        toolCache: env.toolCache,
      },
    );
    expect(run.exitCode).not.toBe(0);
    expect(failure(run)).toMatch(/charts\/broken\/Chart\.yaml is not valid YAML/);
    expect(failure(run)).not.toMatch(/checksum/);
  });

  it('a bad Chart.yaml with Helm not yet in the tool cache: reported before any download', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'cold-tool-cache-'));
    env.helmMirror.requests.length = 0;
    try {
      const run = await runAction(inputs({ charts: 'charts/broken', 'helm-version': 'v3.18.0' }), {
        cwd: env.work,
        toolCache: empty,
      });
      expect(run.exitCode).not.toBe(0);
      expect(failure(run)).toMatch(/charts\/broken\/Chart\.yaml is not valid YAML/);
      expect(env.helmMirror.requests).toEqual([]);
      expect(run.stdout).not.toMatch(/::debug::helm /);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it.each<[string, Fault, RegExp]>([
    [
      'an HTML login page instead of an index',
      { route: 'index', html: true, times: 10 },
      /index\.yaml answered an HTML page instead of YAML \(a login page or proxy\?\): check `repo-url`/,
    ],
    [
      'an index that does not parse',
      { route: 'index', invalidIndex: true, times: 10 },
      /index\.yaml is not a valid chart repository index \(.+\): check `repo-url`/,
    ],
  ])('reports %s', async (_name, fault, message) => {
    server.addFault(fault);
    try {
      const run = await runAction(inputs({}), { cwd: env.work, toolCache: env.toolCache });
      expect(run.exitCode).not.toBe(0);
      expect(failure(run)).toMatch(message);
    } finally {
      server.clearFaults();
    }
  });
});
