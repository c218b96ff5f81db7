// `access-token`: a bearer token for chart repositories, exclusive with username/password, and
// refused where it cannot reach the server (OCI, and Helm's own pulls for fetch-back).
import { describe, expect, it } from 'vitest';
import { parseInputs, type InputName } from '../src/inputs.js';

const REPO = { 'repo-url': 'https://cm.example/{namespace}', namespaces: 'a' };

const parse = (inputs: Partial<Record<InputName, string>>) =>
  parseInputs((name) => inputs[name] ?? '');

describe('access-token', () => {
  it.each(['http', 'plugin'])('is taken with push-method %s', (method) => {
    const parsed = parse({ ...REPO, 'access-token': ' tok-1 ', 'push-method': method });
    expect(parsed.problems).toEqual([]);
    expect(parsed.settings?.accessToken).toBe('tok-1');
    expect(parsed.settings?.username).toBeUndefined();
  });

  it('excludes username and password', () => {
    const parsed = parse({ ...REPO, 'access-token': 'tok', username: 'u', password: 'p' });
    expect(parsed.problems).toEqual([
      'inputs `access-token` and `username`/`password` exclude each other: set one or the other',
    ]);
  });

  it('is not for OCI registries', () => {
    const parsed = parse({ 'repo-url': 'oci://r.example/ns', 'access-token': 'tok' });
    expect(parsed.problems).toEqual([
      expect.stringMatching(
        /^`access-token` is for chart repositories .*set `username` and `password`/,
      ),
    ]);
  });

  it('cannot go with fetch-back, which pulls through Helm (Basic auth only)', () => {
    const parsed = parse({ ...REPO, 'access-token': 'tok', 'fetch-back': 'true' });
    expect(parsed.problems).toEqual([
      expect.stringMatching(/^`fetch-back` pulls through Helm, which cannot send `access-token`/),
    ]);
  });
});
