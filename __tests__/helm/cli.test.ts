import { describe, expect, it } from 'vitest';
import { PublishError } from '../../src/errors.js';
import { runProcess } from '../../src/helm/cli.js';

const env = { PATH: process.env.PATH ?? '' };

describe('runProcess', () => {
  it('collects stdout, stderr and the exit code', async () => {
    const result = await runProcess('sh', ['-c', 'echo out; echo err >&2; exit 3'], { env });
    expect(result).toEqual({ exitCode: 3, stdout: 'out\n', stderr: 'err\n' });
  });

  it('writes stdin and closes it, so a reader sees the whole value and then its end', async () => {
    const result = await runProcess('sh', ['-c', 'cat; echo "<eof>"'], {
      env,
      stdin: 's3cret\nline 2',
    });
    expect(result.stdout).toBe('s3cret\nline 2<eof>\n');
  });

  it('gives a process that reads nothing an empty, closed stdin', async () => {
    const result = await runProcess('sh', ['-c', 'wc -c'], { env });
    expect(result.stdout.trim()).toBe('0');
  });

  it('passes the environment and working directory it is given, nothing else', async () => {
    const result = await runProcess('sh', ['-c', 'echo "$ONLY|$HOME|$(pwd)"'], {
      env: { ...env, ONLY: 'x' },
      cwd: '/',
    });
    expect(result.stdout).toBe('x||/\n');
  });

  it('reports a process killed by a signal as failed, naming the signal', async () => {
    const result = await runProcess('sh', ['-c', 'kill -TERM $$'], { env });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('killed by SIGTERM');
  });

  it('rejects with the program named when it cannot be started', async () => {
    const error = await runProcess('/nonexistent/helm', ['version'], { env }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PublishError);
    expect((error as Error).message).toMatch(/cannot run \/nonexistent\/helm: .*ENOENT/);
  });
});
