// Assertions shared by the end-to-end tests.
import { expect } from 'vitest';
import { visibleStdout, type ActionRun } from './action-runner.js';

/** None of `secrets` shows in the visible log, stderr, summary, outputs or any process's argv. */
export function expectNoSecret(run: ActionRun, secrets: string[]): void {
  for (const secret of secrets) {
    expect(visibleStdout(run)).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
    expect(summaryText(run)).not.toContain(secret);
    expect(JSON.stringify(run.outputs)).not.toContain(secret);
    for (const argv of run.argvSeen) expect(argv).not.toContain(secret);
  }
}

/** The job summary with Markdown's backslash escapes removed, as GitHub shows it. */
export function summaryText(run: ActionRun): string {
  return run.summary.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
