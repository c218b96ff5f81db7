// Inputs that try to hurt: a namespace that moves the host, credentials in mirror URLs, control
// characters that would write workflow commands into the log, passwords Helm cannot store, and
// OCI references that climb out of their repository path. Each refused before anything is sent.
import { describe, expect, it } from 'vitest';
import { INPUTS, parseInputs, resolveRepoUrl, type InputName } from '../../src/inputs.js';
import type { ParsedInputs } from '../../src/inputs/parse.js';

const REPO = { 'repo-url': 'https://h.example/chartrepo/{namespace}', namespaces: 'team' };

function parse(inputs: Partial<Record<InputName, string>>): ParsedInputs {
  return parseInputs((name) => inputs[name] ?? '');
}

describe('{namespace} never chooses the host (issue 19 point 5)', () => {
  it.each([
    'https://{namespace}.h.example/chartrepo/x',
    'https://h.example{namespace}/x',
    'https://h.example:{namespace}/x',
    'oci://{namespace}/charts',
    'https://h.example{namespace}',
  ])('refuses %s', (url) => {
    expect(parse({ 'repo-url': url, namespaces: 'evil.example' }).problems).toContain(
      '`repo-url` may contain {namespace} only in its path, after the host (like https://host/chartrepo/{namespace})',
    );
  });

  it.each(['@evil.example', 'x@evil.example:80', 'a?b', 'a#b', '..', 'a/../b', 'a\\b', '/evil'])(
    'refuses the namespace %j',
    (ns) => {
      expect(parse({ ...REPO, namespaces: ns }).problems[0]).toMatch(
        /^namespace ".*" is not valid/,
      );
    },
  );

  it('resolving a hostile namespace that got past the parser still keeps the origin', () => {
    expect(() => resolveRepoUrl('https://h.example{namespace}/x', '@evil.example')).toThrow(
      /would change where `repo-url` points/,
    );
    expect(() => resolveRepoUrl('https://h.example/{namespace}', 'a?x=@evil')).toThrow(
      /would change where/,
    );
    expect(resolveRepoUrl('https://h.example/chartrepo/{namespace}', 'team')).toBe(
      'https://h.example/chartrepo/team',
    );
  });
});

describe('mirrors (issue 19 point 6)', () => {
  it.each(['helm-mirror', 'helm-push-mirror'] as const)(
    'refuses a user and password in %s',
    (name) => {
      const parsed = parse({ ...REPO, [name]: 'https://user:s3cret@mirror.example/helm' });
      expect(parsed.problems).toEqual([
        `remove the user and password from \`${name}\`: mirrors are read without credentials, and URLs end up in logs`,
      ]);
      expect(JSON.stringify(parsed)).not.toContain('s3cret');
    },
  );

  it('warns that a plain-http mirror off this machine only guards against corruption', () => {
    const parsed = parse({
      ...REPO,
      'helm-mirror': 'http://mirror.example/helm',
      'helm-push-mirror': 'http://127.0.0.1:8080/push',
    });
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([
      '`helm-mirror` is plain http:// on mirror.example: its checksum files come over the same connection, so they guard only against corruption, not tampering; use https:// or pin `helm-checksum`',
    ]);
    const pinned = parse({
      ...REPO,
      'helm-push-mirror': 'http://mirror.example/push',
      'helm-push-checksum': 'a'.repeat(64),
    });
    expect(pinned.warnings).toEqual([]);
    expect(pinned.settings?.helmPushChecksum).toBe('a'.repeat(64));
  });

  it('helm-push-checksum must be a SHA-256 hex digest', () => {
    expect(parse({ ...REPO, 'helm-push-checksum': 'abc' }).problems).toEqual([
      'input `helm-push-checksum` must be a SHA-256 hex digest (64 hex characters)',
    ]);
    expect(
      parse({ ...REPO, 'helm-push-checksum': `SHA256:${'AB'.repeat(32)}` }).settings
        ?.helmPushChecksum,
    ).toBe('ab'.repeat(32));
  });
});

describe('control characters (issue 19 point 13)', () => {
  it('a repo-url with a line break cannot write a workflow command into the log', () => {
    const parsed = parse({
      ...REPO,
      'repo-url': 'https://h.example/chartrepo/{namespace}\n::warning::injected',
    });
    expect(parsed.problems[0]).toBe(
      'input `repo-url` contains the control character U+000A at position 40: remove it (line breaks and other control characters are not allowed here)',
    );
    for (const line of [...parsed.problems, ...parsed.warnings]) {
      expect(line).not.toMatch(/[\r\n]/);
    }
  });

  it.each(INPUTS.filter((spec) => spec.name !== 'password').map((spec) => [spec.name, spec.kind]))(
    'refuses an escape or carriage return inside %s',
    (name) => {
      for (const c of ['\u001b', '\r', '\u0085', '\u007f']) {
        const parsed = parse({ ...REPO, username: 'u', password: 'p', [name]: `a${c}b` });
        expect(parsed.problems, JSON.stringify(c)).toContain(
          `input \`${name}\` contains the control character U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} at position 2: remove it (line breaks and other control characters are not allowed here)`,
        );
      }
    },
  );

  it('lists still take one item per line', () => {
    const s = parse({ ...REPO, charts: 'a\r\nb\n\tc', namespaces: 'x\ny' }).settings;
    expect([s?.charts, s?.namespaces]).toEqual([
      ['a', 'b', 'c'],
      ['x', 'y'],
    ]);
  });
});

describe('passwords (issue 19 point 14)', () => {
  const creds = (password: string): ParsedInputs => parse({ ...REPO, username: 'robot', password });

  it.each(['pa\u007fss', 'pa\u0085ss', 'pa\u009bss'])(
    'refuses %j before anything is pushed',
    (p) => {
      const parsed = creds(p);
      expect(parsed.settings).toBeUndefined();
      expect(parsed.problems[0]).toMatch(
        /^input `password` contains the control character U\+00[789][0-9A-F] at position 3, which Helm cannot store/,
      );
      expect(parsed.problems[0]).not.toContain(p);
    },
  );

  it.each(['s3cret\n', 's3cret\r\n', 's3cret\n\n'])(
    'strips the trailing line break of %j, with a warning',
    (p) => {
      const parsed = creds(p);
      expect(parsed.settings?.password).toBe('s3cret');
      expect(parsed.warnings).toEqual([
        'the password ends with a line break (often left by pasting a secret): it was removed; set input `password` without it',
      ]);
    },
  );

  it('keeps spaces, inner line breaks and other characters as they are', () => {
    expect(creds(' a\nb "$(x)" % ü ').settings?.password).toBe(' a\nb "$(x)" % ü ');
    expect(creds('\n').problems).toEqual([
      'input `username` is set without `password`: set input `password` (a secret) too, or neither',
    ]);
  });
});

describe('OCI references (issue 19 point 15)', () => {
  it.each([
    'oci://r.example/../other',
    'oci://r.example/charts/..',
    'oci://r.example/./charts',
    'oci://r.example/charts/%2e%2e/other',
    'oci://r.example/{namespace}/../x',
  ])('refuses %s', (url) => {
    expect(parse({ 'repo-url': url, namespaces: url.includes('{') ? 'a' : '' }).problems).toContain(
      'an oci:// `repo-url` must not contain "." or ".." path segments: write the repository path as it is',
    );
  });

  it('takes an ordinary reference', () => {
    expect(
      parse({ 'repo-url': 'oci://r.example/team.charts/{namespace}', namespaces: 'a' }).problems,
    ).toEqual([]);
  });
});
