// The Helm command plan per major version. Helm 2 (v2.10.0, the version TCR's manual pins)
// cannot be run here: this is where its differences are verified.
import { describe, expect, it } from 'vitest';
import {
  fetchCommand,
  initCommand,
  ociPullCommand,
  ociPushCommand,
  packageCommand,
  pluginPushCommand,
  registryLoginCommand,
  type HelmCommand,
} from '../../src/helm/commands.js';
import { loginHostProblem, ociCompatibilityProblems } from '../../src/helm/compat.js';
import { parseInputs } from '../../src/inputs.js';
import { createHelmHome, helmEnvironment, removeHelmHome } from '../../src/helm/home.js';
import { helmArchiveName, detectPlatform } from '../../src/helm/platform.js';
import { helmPushVersionFor, pluginCompatibilityProblem } from '../../src/repo/plugin.js';
import { tmpdir } from 'node:os';

const HELM2 = { major: 2, minor: 10 };
const HELM318 = { major: 3, minor: 18 };
const HELM4 = { major: 4, minor: 1 };
const SECRET = 'p@ss$word';

const noSecretInArgs = (command: HelmCommand | undefined): void => {
  expect(command?.args.join(' ') ?? '').not.toContain(SECRET);
};

describe('Helm 2 (v2.10.0)', () => {
  it('archive layout: helm-v2.10.0-linux-amd64.tar.gz with linux-amd64/helm', () => {
    expect(helmArchiveName('v2.10.0', detectPlatform('linux', 'x64'))).toBe(
      'helm-v2.10.0-linux-amd64.tar.gz',
    );
  });

  it('uses HELM_HOME, initialised client-only without refreshing', async () => {
    const home = await createHelmHome(tmpdir(), 2);
    try {
      expect(Object.keys(home.env)).toEqual(['HELM_HOME']);
      expect(home.repositoryConfig).toBe(`${home.env.HELM_HOME}/repository/repositories.yaml`);
      expect(home.pluginsDir).toBe(`${home.env.HELM_HOME}/plugins`);
    } finally {
      await removeHelmHome(home.root);
    }
    expect(initCommand(HELM2)).toEqual({ args: ['init', '--client-only', '--skip-refresh'] });
    expect(initCommand(HELM318)).toBeUndefined();
  });

  it('pushes with helm-push 0.9.0 as `helm push`, fetches with `helm fetch`', () => {
    expect(helmPushVersionFor(2, undefined)).toBe('0.9.0');
    expect(
      pluginPushCommand('0.9.0', 'c.tgz', 'r', { force: true, contextPath: '/' }).args,
    ).toEqual(['push', 'c.tgz', 'r', '--force', '--context-path', '/']);
    expect(fetchCommand(HELM2, 'r', ['hello'], '1.0.0', '/d').args).toEqual([
      'fetch',
      'r/hello',
      '--version',
      '1.0.0',
      '--destination',
      '/d',
    ]);
    expect(
      packageCommand(HELM2, ['dir'], '/out', { version: '1.0.0', appVersion: '2' }).args,
    ).toEqual([
      'package',
      'dir',
      '--destination',
      '/out',
      '--version',
      '1.0.0',
      '--app-version',
      '2',
    ]);
  });

  it('refuses plugin releases without Helm 2 support', () => {
    expect(pluginCompatibilityProblem('v2.10.0', '0.10.4')).toMatch(
      /does not support Helm 2: set `helm-push-version` to 0\.9\.0/,
    );
    expect(pluginCompatibilityProblem('v2.10.0', '0.9.0')).toBeUndefined();
  });
});

describe('Helm 3 and 4', () => {
  it('pulls with `helm pull`, several charts of one version in one process', () => {
    expect(fetchCommand(HELM4, 'r', ['c'], '1.0.0', '/d').args[0]).toBe('pull');
    expect(fetchCommand(HELM318, 'r', ['a', 'b'], '1.0.0', '/d').args).toEqual([
      'pull',
      'r/a',
      'r/b',
      '--version',
      '1.0.0',
      '--destination',
      '/d',
    ]);
  });

  it('uses cm-push from helm-push 0.10 on, with the default per major', () => {
    expect(helmPushVersionFor(3, undefined)).toBe('0.10.4');
    expect(helmPushVersionFor(4, undefined)).toBe('0.11.1');
    expect(
      pluginPushCommand('0.10.4', 'c.tgz', 'r', {
        force: false,
        caFile: '/ca',
        insecure: true,
        timeoutSeconds: 60,
      }).args,
    ).toEqual(['cm-push', 'c.tgz', 'r', '--ca-file', '/ca', '--insecure', '--timeout', '60']);
    // A chart directory, which the plugin packages with the overrides.
    expect(
      pluginPushCommand('0.10.4', '/charts/hello', 'r', {
        force: true,
        version: '1.2.3',
        appVersion: 'v9',
      }).args,
    ).toEqual([
      'cm-push',
      '/charts/hello',
      'r',
      '--force',
      '--version',
      '1.2.3',
      '--app-version',
      'v9',
    ]);
    expect(pluginCompatibilityProblem('v4.1.4', '0.10.4')).toMatch(/does not support Helm 4/);
    expect(pluginCompatibilityProblem('v3.18.0', '0.9.0')).toMatch(
      /names its command `push`, which Helm v3\.18\.0 has built in/,
    );
    expect(pluginCompatibilityProblem('v3.18.0', '0.11.0')).toMatch(/0\.11\.0 is broken/);
  });

  it('OCI flags per version, password on stdin', () => {
    const login = registryLoginCommand(HELM318, 'reg:5000', 'u', SECRET, { plainHttp: true });
    expect(login).toEqual({
      args: [
        'registry',
        'login',
        'reg:5000',
        '--username',
        'u',
        '--password-stdin',
        '--plain-http',
      ],
      stdin: SECRET,
    });
    noSecretInArgs(login);
    expect(ociPullCommand(HELM4, 'oci://reg/ns/c', '1.0.0', '/d', { caFile: '/ca' }).args).toEqual([
      'pull',
      'oci://reg/ns/c',
      '--version',
      '1.0.0',
      '--destination',
      '/d',
      '--ca-file',
      '/ca',
    ]);
  });
});

// Flags read from helm/helm cmd/helm/{push,registry_login,pull}.go at v3.11.0, v3.12.0, v3.13.0,
// v3.17.0 and v3.18.0: the plan at each side of every boundary.
describe('OCI flags at each Helm boundary', () => {
  const v = (minor: number): { major: number; minor: number } => ({ major: 3, minor });
  const ALL = { caFile: '/ca', insecure: true, plainHttp: true };
  const push = (h: { major: number; minor: number }): string[] =>
    ociPushCommand(h, 'c.tgz', 'oci://reg/ns', ALL).args.slice(3);
  const login = (h: { major: number; minor: number }): string[] =>
    registryLoginCommand(h, 'reg:5000', 'u', SECRET, ALL).args.slice(6);
  const pull = (h: { major: number; minor: number }): string[] =>
    ociPullCommand(h, 'oci://reg/ns/c', '1.0.0', '/d', ALL).args.slice(6);

  it('3.11 → 3.12: push gains --ca-file and --insecure-skip-tls-verify, login --ca-file', () => {
    expect(push(v(11))).toEqual([]);
    expect(push(v(12))).toEqual(['--ca-file', '/ca', '--insecure-skip-tls-verify']);
    expect(login(v(11))).toEqual(['--insecure']);
    expect(login(v(12))).toEqual(['--ca-file', '/ca', '--insecure']);
    // `helm pull` always took the TLS flags (its OCI getter honours them from 3.12).
    expect(pull(v(11))).toEqual(['--ca-file', '/ca', '--insecure-skip-tls-verify']);
  });

  it('3.12 → 3.13: push and pull gain --plain-http', () => {
    expect(push(v(12))).not.toContain('--plain-http');
    expect(push(v(13))).toContain('--plain-http');
    expect(pull(v(12))).not.toContain('--plain-http');
    expect(pull(v(13))).toContain('--plain-http');
    // 3.13–3.15 had the flag all along (it was withheld here until 3.16 once).
    expect(push(v(15))).toContain('--plain-http');
  });

  it('3.17 → 3.18: registry login gains --plain-http', () => {
    expect(login(v(17))).not.toContain('--plain-http');
    expect(login(v(18))).toEqual(['--ca-file', '/ca', '--insecure', '--plain-http']);
    expect(login(HELM4)).toEqual(['--ca-file', '/ca', '--insecure', '--plain-http']);
  });

  it('refuses at input time what the Helm release cannot do, naming the version to set', () => {
    const problems = (minor: number, wanted: Parameters<typeof ociCompatibilityProblems>[2]) =>
      ociCompatibilityProblems(v(minor), '`helm-version` is v3.x', wanted);
    expect(problems(11, { caFile: '/ca' })).toEqual([
      '`ca-file` with OCI (`helm push --ca-file`) needs Helm 3.12.0 or later, but `helm-version` is v3.x: set `helm-version` to v3.12.0 or newer',
    ]);
    expect(problems(12, { caFile: '/ca' })).toEqual([]);
    expect(problems(11, { insecure: true })).toEqual([
      expect.stringMatching(/^`insecure` with OCI .* needs Helm 3\.12\.0 or later/),
    ]);
    expect(problems(12, { insecure: true })).toEqual([]);
    expect(problems(12, { plainHttp: true })).toEqual([
      expect.stringMatching(/^`plain-http` .* needs Helm 3\.13\.0 or later/),
    ]);
    expect(problems(13, { plainHttp: true })).toEqual([]);
    // Login's missing --plain-http before 3.18 is no input error: older logins fall back to HTTP.
    expect(problems(17, ALL)).toEqual([]);
    expect(problems(7, ALL)).toEqual([
      'pushing to OCI registries needs Helm 3.8.0 or later, but `helm-version` is v3.x: set `helm-version` to v3.8.0 or newer',
    ]);
  });

  it('logs in to a bare host[:port] only (Helm 4 refuses a scheme or a path)', () => {
    for (const host of ['reg.example.com', 'reg:5000', '127.0.0.1:5000', '[::1]:5000']) {
      expect(loginHostProblem(host), host).toBeUndefined();
    }
    for (const host of ['', 'https:', 'reg:', 'reg:port', 'a_b', '-reg']) {
      expect(loginHostProblem(host), host).toMatch(/needs a registry host\[:port\]/);
    }
    // Checked at input time, on the host as the publisher reads it.
    const problems = (url: string): string[] =>
      parseInputs((name) => (name === 'repo-url' ? url : '')).problems;
    expect(problems('oci://reg:/ns')).toEqual([
      'an oci:// `repo-url` needs a registry host[:port] like oci://registry.example.com/namespace, got host "reg:"',
    ]);
    expect(problems('oci://reg:5000/ns')).toEqual([]);
  });
});

describe('helm environment', () => {
  it("drops the runner's HELM_* settings and inputs, and disables the plugin hook", async () => {
    const home = await createHelmHome(tmpdir(), 3);
    try {
      const env = helmEnvironment(home, {
        PATH: '/bin',
        HELM_REPOSITORY_CONFIG: '/home/u/.config/helm/repositories.yaml',
        INPUT_PASSWORD: SECRET,
      });
      expect(env.PATH).toBe('/bin');
      expect(env.HELM_REPOSITORY_CONFIG).toBe(home.repositoryConfig);
      expect(env.INPUT_PASSWORD).toBeUndefined();
      expect(env.HELM_PUSH_PLUGIN_NO_INSTALL_HOOK).toBe('1');
    } finally {
      await removeHelmHome(home.root);
    }
  });
});
