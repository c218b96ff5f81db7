import { PublishError } from '../errors.js';

/**
 * The token realm of a Bearer challenge (distribution/distribution docs/spec/auth/token.md) is
 * server text: http(s), no user info, and https for an https registry, or Basic leaks in clear.
 */
export function tokenRealmUrl(realm: string, registryBase: string): URL {
  let url: URL;
  try {
    url = new URL(realm);
  } catch {
    throw new PublishError(`the registry ${registryBase} names a token realm that is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PublishError(
      `the registry ${registryBase} names a token realm with scheme ${url.protocol}: only https:// (or http:// for a plain-http registry) is used`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new PublishError(`the registry ${registryBase} names a token realm with user info`);
  }
  if (url.protocol === 'http:' && new URL(registryBase).protocol === 'https:') {
    throw new PublishError(
      `refused the token realm ${url.origin} of the registry ${registryBase}: it is plain http while the registry is https, so the credentials would cross the network unencrypted; fix the registry's token service URL (its auth.token.realm)`,
    );
  }
  return url;
}
