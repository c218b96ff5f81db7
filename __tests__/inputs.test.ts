// Input parsing without running anything: defaults, the TCR shorthand, tags as versions, and
// every problem reported at once with the fix.
import { describe, expect, it } from 'vitest';
import {
  INPUT_DEFAULTS,
  isSemVer2,
  parseInputs,
  resolveRepoUrl,
  type InputName,
  type ParsedInputs,
} from '../src/inputs.js';

const TCR = { 'repo-url': 'https://t.tencentcloudcr.com/chartrepo/{namespace}', namespaces: 'a' };

function parse(inputs: Partial<Record<InputName, string>>): ParsedInputs {
  return parseInputs((name) => inputs[name] ?? '');
}

function settingsOf(inputs: Partial<Record<InputName, string>>) {
  const parsed = parse(inputs);
  expect(parsed.problems).toEqual([]);
  if (parsed.settings === undefined) throw new Error('no settings');
  return parsed.settings;
}

describe('parseInputs', () => {
  it.each(['https://h/chartrepo', 'https://h/chartrepo/', 'http://h:8080/chartrepo//'])(
    'refuses %s: Harbor merges every project there, a push could never be verified',
    (url) => {
      expect(parse({ 'repo-url': url }).problems).toEqual([
        '`repo-url` ends at /chartrepo without a project: add the Harbor/TCR project (https://host/chartrepo/<project>, or /chartrepo/{namespace} with `namespaces`)',
      ]);
      expect(parse({ 'repo-url': 'https://h/chartrepo/team' }).problems).toEqual([]);
    },
  );

  it('applies the action.yml defaults', () => {
    const s = settingsOf(TCR);
    expect(s).toMatchObject({
      charts: ['.'],
      namespaces: ['a'],
      helmVersion: { kind: 'exact', version: INPUT_DEFAULTS['helm-version'] },
      helmMirror: 'https://get.helm.sh',
      pushMethod: 'plugin',
      ifExists: 'fail',
      verify: true,
      verifyTimeoutSeconds: 120,
      fetchBack: false,
      parallel: 4,
      retries: 3,
      requestTimeoutSeconds: 60,
      summary: true,
    });
    expect(s.username).toBeUndefined();
    expect(s.version).toBeUndefined();
  });

  it('`instance` expands to the TCR chartrepo URL, or the OCI one with push-method oci', () => {
    expect(settingsOf({ instance: 'my-tcr', namespaces: 'x' }).repoUrl).toBe(
      'https://my-tcr.tencentcloudcr.com/chartrepo/{namespace}',
    );
    const oci = settingsOf({ instance: 'my-tcr', namespaces: 'x', 'push-method': 'oci' });
    expect([oci.repoUrl, oci.pushMethod]).toEqual([
      'oci://my-tcr.tencentcloudcr.com/{namespace}',
      'oci',
    ]);
  });

  it('a release tag is a version: v1.2.3 → 1.2.3; build metadata is kept', () => {
    expect(settingsOf({ ...TCR, version: 'v1.2.3' }).version).toBe('1.2.3');
    expect(settingsOf({ ...TCR, version: '1.2.3-rc.1+build.7' }).version).toBe(
      '1.2.3-rc.1+build.7',
    );
  });

  it('lists, booleans and numbers in the forms workflows write them', () => {
    const s = settingsOf({
      ...TCR,
      charts: 'charts/a\ncharts/b, charts/c',
      namespaces: 'a, b\nb',
      'fetch-back': 'True',
      verify: 'false',
      'verify-timeout': '2.5',
      parallel: '1',
      'context-path': '/ctx/',
    });
    expect(s.charts).toEqual(['charts/a', 'charts/b', 'charts/c']);
    expect(s.namespaces).toEqual(['a', 'b']);
    expect([s.fetchBack, s.verify, s.verifyTimeoutSeconds, s.parallel]).toEqual([
      true,
      false,
      2.5,
      1,
    ]);
    expect(s.contextPath).toBe('/ctx');
    expect(parse({ ...TCR, namespaces: 'a, a' }).warnings).toEqual([
      'namespace listed twice, using it once: a',
    ]);
  });

  it('an oci:// repo-url picks push-method oci by itself', () => {
    expect(
      settingsOf({ 'repo-url': 'oci://r.example/{namespace}', namespaces: 'a' }).pushMethod,
    ).toBe('oci');
  });

  it('reports every problem at once, each with its fix', () => {
    const parsed = parse({
      'repo-url': 'https://u:p@h.example/chartrepo/{namespace}',
      username: 'robot',
      version: 'latest',
      parallel: '0',
      'if-exists': 'replace',
      'helm-version': 'v5.0.0',
      'helm-push-version': '0.11.0',
    });
    expect(parsed.settings).toBeUndefined();
    expect(parsed.problems).toEqual([
      'remove the credentials from `repo-url` and set inputs `username` and `password` instead (URLs end up in logs)',
      '`repo-url` contains {namespace}: set input `namespaces` to one or more namespaces',
      'input `username` is set without `password`: set input `password` (a secret) too, or neither',
      'input `helm-version` must be an exact Helm 2, 3 or 4 version like v3.18.0 (or latest, 3, 4), got "v5.0.0"',
      'helm-push 0.11.0 is broken on Helm 3 and Helm 4: set `helm-push-version` to 0.11.1 or leave it empty',
      'input `version` must be a SemVer 2 version like 1.2.3 or v1.2.3 (from a tag), got "latest"',
      'input `if-exists` must be one of fail, skip, overwrite; got "replace"',
      'input `parallel` must be a whole number of at least 1, got "0"',
    ]);
  });

  it('neither repo-url nor instance: says which to set', () => {
    expect(parse({}).problems).toEqual([
      'set input `repo-url` (like https://host/chartrepo/{namespace}) or `instance` (the TCR Enterprise instance name)',
    ]);
  });

  it('OCI needs Helm 3.8 or later', () => {
    expect(
      parse({
        'repo-url': 'oci://r.example/{namespace}',
        namespaces: 'a',
        'helm-version': 'v3.7.2',
      }).problems,
    ).toEqual([
      'pushing to OCI registries needs Helm 3.8.0 or later, but `helm-version` is v3.7.2: set `helm-version` to v3.8.0 or newer',
    ]);
  });

  it('keeps the password exactly as given (no trimming), and refuses it without a username', () => {
    expect(settingsOf({ ...TCR, username: 'u', password: ' p w ' }).password).toBe(' p w ');
    expect(parse({ ...TCR, password: 'p' }).problems).toEqual([
      'input `password` is set without `username`: set both or neither',
    ]);
  });
});

describe('isSemVer2 and resolveRepoUrl', () => {
  it.each([
    ['1.2.3', true],
    ['1.2.3-rc.1+b.2', true],
    ['v1.2.3', false],
    ['1.2', false],
    ['01.2.3', false],
  ])('isSemVer2(%s) is %s', (version, expected) => {
    expect(isSemVer2(version)).toBe(expected);
  });

  it('fills every {namespace} and drops a trailing slash', () => {
    expect(resolveRepoUrl('https://h/chartrepo/{namespace}/', 'team-a')).toBe(
      'https://h/chartrepo/team-a',
    );
    expect(resolveRepoUrl('https://h/', undefined)).toBe('https://h');
  });
});
