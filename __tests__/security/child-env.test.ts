// Runner tokens must not reach Helm or its plugins (issue 19 point 7). The attacker here is any
// child process: a plugin that dumps its whole environment, run by real Helm the way helm-push
// is (Helm sets HELM_PLUGIN_* and passes its own environment on: helm/helm pkg/plugin/plugin.go).
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Helm } from '../../src/helm/cli.js';
import { createHelmHome, removeHelmHome, type HelmHome } from '../../src/helm/home.js';
import type { TestHelmVersion } from '../../test/support/fixtures.js';
import { recordingLogger } from '../../test/support/logger.js';
import { testHelm } from '../../test/support/test-helm.js';

const SECRET = 'runner-secret-9f2c';
const RUNNER_ENV: Record<string, string> = {
  ACTIONS_RUNTIME_TOKEN: SECRET,
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: SECRET,
  ACTIONS_ID_TOKEN_REQUEST_URL: `https://token.example/${SECRET}`,
  ACTIONS_CACHE_URL: `https://cache.example/${SECRET}`,
  ACTIONS_RESULTS_URL: `https://results.example/${SECRET}`,
  GITHUB_TOKEN: SECRET,
  INPUT_PASSWORD: SECRET,
  INPUT_ACCESS_TOKEN: SECRET,
  HELM_PUBLISH_PASSWORD: SECRET,
  KUBECONFIG: `/home/runner/${SECRET}`,
  DOCKER_CONFIG: `/home/runner/${SECRET}`,
  HELM_REPOSITORY_CONFIG: `/home/runner/${SECRET}`,
  AWS_SECRET_ACCESS_KEY: SECRET,
  // What the child must keep.
  HTTPS_PROXY: 'http://127.0.0.1:9',
  https_proxy: 'http://127.0.0.1:9',
  NO_PROXY: '127.0.0.1',
  no_proxy: '127.0.0.1',
  SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt',
  LC_ALL: 'C.UTF-8',
};

let saved: Record<string, string | undefined>;
let home: HelmHome;

beforeEach(async () => {
  saved = Object.fromEntries(Object.keys(RUNNER_ENV).map((k) => [k, process.env[k]]));
  Object.assign(process.env, RUNNER_ENV);
  home = await createHelmHome(tmpdir(), 3);
});
afterEach(async () => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, key);
    else process.env[key] = value;
  }
  await removeHelmHome(home.root);
});

/** A plugin that writes its environment, NUL-separated, to a file in the home. */
async function installDumpPlugin(): Promise<string> {
  const dir = path.join(home.pluginsDir, 'dumpenv');
  await mkdir(dir, { recursive: true });
  const out = path.join(home.root, 'plugin-env');
  await writeFile(
    path.join(dir, 'plugin.yaml'),
    [
      'name: "dumpenv"',
      'version: "0.1.0"',
      'usage: "dump"',
      'description: "dump"',
      'command: "$HELM_PLUGIN_DIR/dump.sh"',
      '',
    ].join('\n'),
  );
  await writeFile(path.join(dir, 'dump.sh'), `#!/bin/sh\nenv -0 > '${out}'\n`);
  await chmod(path.join(dir, 'dump.sh'), 0o755);
  return out;
}

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const at = entry.indexOf('=');
    if (at > 0) env[entry.slice(0, at)] = entry.slice(at + 1);
  }
  return env;
}

describe.each(['v3.18.0', 'v4.2.3'] satisfies TestHelmVersion[])('Helm %s', (version) => {
  it('gives a plugin no runner token, input or user setting; proxies, TLS roots and locale stay', async () => {
    const helm = testHelm(version, home);
    const out = await installDumpPlugin();
    // A plugin run the way helm-push is, with a secret of our own in its environment.
    await helm.run({ args: ['dumpenv'], env: { HELM_REPO_ACCESS_TOKEN: 'ours' } }, 'dumping');
    const env = parseEnv(await readFile(out, 'utf8'));
    for (const [key, value] of Object.entries(env)) {
      expect(`${key}=${value}`).not.toContain(SECRET);
    }
    expect(env.HOME).toBe(home.root);
    expect(env.DOCKER_CONFIG).toBe(home.dockerConfigDir);
    expect(env.HELM_REPOSITORY_CONFIG).toBe(home.repositoryConfig);
    expect(env.HELM_REPO_ACCESS_TOKEN).toBe('ours');
    expect(env.HTTPS_PROXY).toBe('http://127.0.0.1:9');
    expect(env.https_proxy).toBe('http://127.0.0.1:9');
    expect(env.NO_PROXY).toBe('127.0.0.1');
    expect(env.no_proxy).toBe('127.0.0.1');
    expect(env.SSL_CERT_FILE).toBe('/etc/ssl/certs/ca-certificates.crt');
    expect(env.LC_ALL).toBe('C.UTF-8');
    expect(env.PATH).toBe(process.env.PATH);
    // `helm env` itself shows none of the runner's settings either.
    const shown = await helm.run({ args: ['env'] }, 'helm env');
    expect(shown.stdout).not.toContain(SECRET);
    expect(shown.stdout).toContain(home.repositoryConfig);
  });
});

it('a recording fake helm sees only the allowed names', async () => {
  const out = path.join(home.root, 'fake-env');
  const fake = path.join(home.root, 'fake-helm');
  await writeFile(fake, `#!/bin/sh\nenv -0 > '${out}'\n`);
  await chmod(fake, 0o755);
  const helm = new Helm(
    { path: fake, version: 'v3.18.0', major: 3, minor: 18, fromCache: true },
    home,
    recordingLogger([]),
  );
  await helm.run({ args: ['version'] }, 'fake');
  const names = Object.keys(parseEnv(await readFile(out, 'utf8'))).filter(
    // What sh itself adds.
    (name) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(name),
  );
  for (const name of names) {
    expect(name).toMatch(
      /^(PATH|HOME|DOCKER_CONFIG|HELM_[A-Z_]+|HTTPS?_PROXY|https?_proxy|NO_PROXY|no_proxy|SSL_CERT_(FILE|DIR)|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TEMP|TMP)$/,
    );
  }
  await rm(out, { force: true });
});
