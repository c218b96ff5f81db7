// `helm registry login` must keep the password in the per-run registry config, never in the
// OS credential store (issue 19 point 2). The attacker is a recording docker-credential-* helper
// on PATH, under every name oras-go (registry/remote/credentials/store.go, platform default
// detection) or docker/cli (cli/config/credentials/default_store*.go) would pick. Real Helm, real
// registry (CNCF distribution) on loopback.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryLoginCommand, registryLogoutCommand } from '../../src/helm/commands.js';
import { createHelmHome, removeHelmHome, type HelmHome } from '../../src/helm/home.js';
import type { TestHelmVersion } from '../../test/support/fixtures.js';
import { testHelm } from '../../test/support/test-helm.js';
import { startRegistry, type Registry } from '../../test/support/registry.js';

const USER = 'robot';
const PASSWORD = `login-${randomBytes(8).toString('hex')}`;
const HELPERS = ['pass', 'secretservice', 'desktop', 'osxkeychain', 'wincred', 'ecr-login'];

let registry: Registry;
let stubs: string;
let log: string;
let savedPath: string | undefined;

beforeAll(async () => {
  registry = await startRegistry({ user: USER, password: PASSWORD });
  stubs = await mkdtemp(path.join(tmpdir(), 'cred-helpers-'));
  log = path.join(stubs, 'calls.log');
  await writeFile(log, '');
  for (const name of HELPERS) {
    const file = path.join(stubs, `docker-credential-${name}`);
    // Records the call and what it was given (a `store` gets the password on stdin).
    await writeFile(
      file,
      `#!/bin/sh\n{ echo "${name} $*"; cat; echo; } >> '${log}'\n[ "$1" = get ] && { echo "credentials not found in native keychain"; exit 1; }\nexit 0\n`,
    );
    await chmod(file, 0o755);
  }
  savedPath = process.env.PATH;
  process.env.PATH = `${stubs}${path.delimiter}${savedPath ?? ''}`;
});
afterAll(async () => {
  process.env.PATH = savedPath;
  await (registry as Registry | undefined)?.stop();
  await rm(stubs, { recursive: true, force: true });
});

describe.each(['v3.8.1', 'v3.18.0', 'v4.1.4', 'v4.2.3'] satisfies TestHelmVersion[])(
  'Helm %s',
  (version) => {
    let home: HelmHome;
    beforeAll(async () => {
      home = await createHelmHome(tmpdir(), Number(version[1]));
    });
    afterAll(async () => {
      await removeHelmHome(home.root);
    });

    it('logs in and out without calling any credential helper', async () => {
      const helm = testHelm(version, home);
      await writeFile(log, '');
      await helm.run(
        registryLoginCommand(helm, registry.host, USER, PASSWORD, { plainHttp: true }),
        'login',
      );
      const config = JSON.parse(await readFile(home.registryConfig, 'utf8')) as {
        auths: Record<string, { auth?: string }>;
        credsStore?: string;
      };
      expect(config.credsStore).toBeUndefined();
      expect(config.auths[registry.host]?.auth).toBe(
        Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
      );
      await helm.run(registryLogoutCommand(helm, registry.host), 'logout');
      const after = JSON.parse(await readFile(home.registryConfig, 'utf8')) as {
        auths: Record<string, unknown>;
      };
      expect(Object.keys(after.auths)).not.toContain(registry.host);
      expect(await readFile(log, 'utf8')).toBe('');
    });
  },
);
