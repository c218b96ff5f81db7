// The built action, given inputs that try to write workflow commands into the log: refused, and
// no line of its output starts a command the attacker wrote (issue 19 point 13).
import { describe, expect, it } from 'vitest';
import { runAction, removeRunDirs } from '../../test/support/action-runner.js';

describe('inputs with control characters', () => {
  it('a repo-url with a line break injects no ::warning:: and fails with the fix', async () => {
    const run = await runAction(
      {
        charts: 'examples/charts/hello',
        // Loopback and closed: were the input accepted, nothing would leave the machine.
        'helm-mirror': 'http://127.0.0.1:9',
        'repo-url': 'https://h.example/chartrepo/team\n::warning::injected',
        'app-version': '1.0\r::error::also injected',
      },
      { post: false },
    );
    try {
      expect(run.exitCode).not.toBe(0);
      const lines = `${run.stdout}\n${run.stderr}`.split(/\r?\n/);
      expect(lines.filter((l) => l.includes('injected') && /^::(warning|error)::/.test(l))).toEqual(
        [],
      );
      expect(run.stdout).toContain('input `repo-url` contains the control character U+000A');
      expect(run.stdout).toContain('input `app-version` contains the control character U+000D');
    } finally {
      await removeRunDirs(run);
    }
  });
});
