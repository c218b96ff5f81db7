/**
 * Errors that reach users. Every message says what is wrong and how to fix it; stack traces are
 * for debugging only and never the whole story.
 */

/** One or more problems with the inputs or the charts, found before anything was downloaded. */
export class InputError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      problems.length === 1
        ? (problems[0] ?? '')
        : `${problems.length} problems with the inputs:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** A failure of the publish itself (download, repository, Helm), with the fix in the message. */
export class PublishError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PublishError';
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
