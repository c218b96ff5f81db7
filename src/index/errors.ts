/**
 * `html`: the server sent a web page (often a login or proxy page); `invalid`: not a chart
 * repository index (no YAML mapping, no `entries`, a YAML error); `truncated`: the document stops
 * in the middle of a structure; `unsupported`: a large index written with YAML constructs that
 * only a full parse handles, and too large for one.
 */
export type IndexFormatErrorKind = 'html' | 'invalid' | 'truncated' | 'unsupported';

/** The index could not be read. Messages say what was seen; callers add the URL. */
export class IndexFormatError extends Error {
  override readonly name = 'IndexFormatError';

  constructor(
    readonly kind: IndexFormatErrorKind,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const htmlPageError = (): IndexFormatError =>
  new IndexFormatError('html', 'expected YAML, got an HTML page (a login page?)');

export function missingEntriesError(keys: readonly string[]): IndexFormatError {
  const seen = keys.length === 0 ? '' : ` (top-level keys: ${keys.slice(0, 8).join(', ')})`;
  return new IndexFormatError(
    'invalid',
    `no \`entries\` key: this YAML is not a chart repository index${seen}`,
  );
}

export const emptyDocumentError = (): IndexFormatError =>
  new IndexFormatError('invalid', 'expected YAML with `entries`, got an empty document');

/**
 * Thrown by the streaming reader when it meets something it does not fully understand: the
 * document is then read again in full, or, when that is no longer possible, `orElse` (or an
 * `unsupported` error) is reported.
 */
export class NeedsFullParse extends Error {
  override readonly name = 'NeedsFullParse';

  constructor(
    readonly reason: string,
    readonly line: number,
    readonly orElse?: IndexFormatError,
  ) {
    super(`${reason} at line ${line}`);
  }
}
