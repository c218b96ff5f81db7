/**
 * The CLI's counterpart of GitHub's log masker: a secret, its Base64 forms and any
 * `Authorization` value a server echoes back become `***`.
 */

const MASK = '***';
/** Shorter Base64 fragments would mask ordinary text. */
const MIN_FRAGMENT = 6;

/**
 * The Base64 characters that depend on the value alone, for each of the three byte alignments
 * (`user:password` in Basic auth, a docker config's `auth`), as GitHub's runner masks them.
 */
export function base64Fragments(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  // The whole encoding of the value alone, padding included.
  const fragments = [bytes.toString('base64')];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), bytes]).toString('base64');
    // Six bits per character: keep those whose bits all come from the value's own bytes.
    const start = Math.ceil((4 * shift) / 3);
    const end = Math.floor((4 * (shift + bytes.length)) / 3);
    const fragment = encoded.slice(start, end);
    if (fragment.length >= MIN_FRAGMENT) fragments.push(fragment);
  }
  return fragments;
}

/** An echoed header, as text (`Authorization: Basic …`) or as JSON (`"Authorization":["…"]`). */
const AUTHORIZATION =
  /(authorization\\?["']?\s*[:=]\s*\[?\s*\\?["']?)((?:basic|bearer|token|digest)\s+)?[^\s"'\\,\]}]+/gi;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Adds a secret and its Base64 forms (alone, and after `username:` when given). */
  add(secret: string | undefined, username?: string): void {
    if (secret === undefined || secret === '') return;
    this.secrets.add(secret);
    for (const fragment of base64Fragments(secret)) this.secrets.add(fragment);
    if (username !== undefined && username !== '')
      this.secrets.add(Buffer.from(`${username}:${secret}`).toString('base64'));
  }

  redact(text: string): string {
    let out = text.replace(AUTHORIZATION, (_, head: string, scheme: string | undefined) =>
      [head, scheme ?? '', MASK].join(''),
    );
    // Longest first, so that a secret inside another is not left half shown.
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length))
      out = out.split(secret).join(MASK);
    return out;
  }
}
