/**
 * `html`: a web page (login, proxy); `invalid`: not an index (no mapping, no `entries`, YAML
 * error); `truncated`: cut short; `unsupported`: needs a full parse but is too large for one.
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

/** Why Helm would refuse the whole index (helm/helm pkg/repo/index.go `loadIndex`), with its line. */
export const helmRefusal = (why: string, line?: number, options?: ErrorOptions): IndexFormatError =>
  new IndexFormatError(
    'invalid',
    `the repository's index.yaml is invalid for Helm: ${why}${line === undefined ? '' : `, line ${line}`}`,
    options,
  );

/** Helm: "index.yaml file is empty", or "no API version specified" for comments only. */
export const emptyDocumentError = (): IndexFormatError =>
  helmRefusal('the document is empty (expected `apiVersion` and `entries`)');

/**
 * The streaming reader met something it does not fully understand: the document is read again in
 * full, or, when that is no longer possible, `orElse` (or `unsupported`) is reported.
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
