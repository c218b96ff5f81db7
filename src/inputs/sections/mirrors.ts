import type { InputReader } from '../reader.js';
import type { InputName } from '../schema.js';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Mirrors are read without credentials, so user:password in the URL is refused (it would reach
 * logs); over plain HTTP only a pinned checksum protects, as checksum files share the connection.
 */
export function readMirror(
  r: InputReader,
  name: InputName,
  pin: InputName,
  pinned: boolean,
): string {
  const raw = r.value(name);
  let url: URL | undefined;
  try {
    url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    r.problems.push(`input \`${name}\` must be an http(s) URL, got "${raw}"`);
    return raw.replace(/\/+$/, '');
  }
  if (url.username !== '' || url.password !== '') {
    r.problems.push(
      `remove the user and password from \`${name}\`: mirrors are read without credentials, and URLs end up in logs`,
    );
    return '';
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname) && !pinned) {
    r.warnings.push(
      `\`${name}\` is plain http:// on ${url.host}: its checksum files come over the same connection, so they guard only against corruption, not tampering; use https:// or pin \`${pin}\``,
    );
  }
  return raw.replace(/\/+$/, '');
}
