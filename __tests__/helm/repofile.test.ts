// The repositories file replaces `helm repo add` for every Helm major: what Helm 2 and Helm 3/4
// read from it, and that the credentials stay in a 0600 file inside the 0700 home.
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createHelmHome, removeHelmHome, type HelmHome } from '../../src/helm/home.js';
import { writeRepositoriesFile, yamlReadableJson } from '../../src/helm/repofile.js';

const SECRET = 'p@ss$word: "quoted" #not-a-comment \\back\\slash\t{flow} [x] ü \u2028 end';
const specs = [
  {
    name: 'helm-publish-1-a',
    url: 'https://tcr.example/chartrepo/a',
    username: 'tcr$robot',
    password: SECRET,
  },
  {
    name: 'helm-publish-2-b',
    url: 'https://tcr.example/chartrepo/b',
    caFile: '/ca.pem',
    insecure: true,
  },
];

interface Entry {
  name: string;
  url: string;
  username: string;
  password: string;
  caFile: string;
  cache?: string;
  insecure_skip_tls_verify?: boolean;
}

let home: HelmHome | undefined;
afterEach(async () => {
  if (home !== undefined) await removeHelmHome(home.root);
  home = undefined;
});

async function written(major: number): Promise<{ apiVersion: string; repositories: Entry[] }> {
  home = await createHelmHome(tmpdir(), major);
  await writeRepositoriesFile(home.repositoryConfig, home.repositoryCache, major, specs);
  expect((await stat(home.repositoryConfig)).mode & 0o777).toBe(0o600);
  expect((await stat(home.root)).mode & 0o777).toBe(0o700);
  return YAML.parse(await readFile(home.repositoryConfig, 'utf8')) as {
    apiVersion: string;
    repositories: Entry[];
  };
}

describe('writeRepositoriesFile', () => {
  it('Helm 3/4: one entry per namespace, the password exactly as given, TLS settings kept', async () => {
    const doc = await written(3);
    expect(doc.repositories.map((r) => r.name)).toEqual(['helm-publish-1-a', 'helm-publish-2-b']);
    expect(doc.repositories[0]).toMatchObject({
      url: 'https://tcr.example/chartrepo/a',
      username: 'tcr$robot',
      password: SECRET,
      insecure_skip_tls_verify: false,
    });
    expect(doc.repositories[1]).toMatchObject({
      username: '',
      password: '',
      caFile: '/ca.pem',
      insecure_skip_tls_verify: true,
    });
    expect(doc.repositories[0]?.cache).toBeUndefined();
  });

  it('Helm 2: apiVersion v1 and the index cache path `helm fetch` reads', async () => {
    const doc = await written(2);
    expect(doc.apiVersion).toBe('v1');
    const cacheDir = home?.repositoryCache ?? '';
    expect(doc.repositories.map((r) => r.cache)).toEqual([
      path.join(cacheDir, 'helm-publish-1-a-index.yaml'),
      path.join(cacheDir, 'helm-publish-2-b-index.yaml'),
    ]);
    expect(doc.repositories[0]?.insecure_skip_tls_verify).toBeUndefined();
  });
});

describe('yamlReadableJson', () => {
  it('reads back the same as YAML and as JSON, with no raw YAML 1.1 line-break characters', () => {
    const value = { password: 'a\u0085b\u2028c\u2029d "e" \\f\n', n: false, list: ['x'] };
    const text = yamlReadableJson(value);
    expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
    expect(text).toContain('\\u2028');
    expect(JSON.parse(text)).toEqual(value);
    expect(YAML.parse(text)).toEqual(value);
  });
});
