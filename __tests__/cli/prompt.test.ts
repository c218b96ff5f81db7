// --password-stdin on a terminal asks without echo; tested on a real pseudo-terminal (util-linux
// `script`) and with an injected stream.
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PromptCancelled, promptSecret, type TerminalInput } from '../../src/cli/prompt.js';
import { DIST_CLI } from '../../test/support/action-runner.js';
import { helloFlags } from '../../test/support/cli-flags.js';
import { useE2eServer } from '../../test/support/e2e-fixture.js';

const PASSWORD = 'typed-at-the-prompt';

describe('promptSecret', () => {
  it('prompts, reads in raw mode up to Enter, applies Backspace, restores the terminal', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true }) as TerminalInput & PassThrough;
    const raw: boolean[] = [];
    input.setRawMode = (mode: boolean) => raw.push(mode);
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => (shown += c.toString()));
    const secret = promptSecret(input, output, 'Password: ');
    input.write('pass\u007f\u007fssx\bw0rd\rignored');
    expect(await secret).toBe('passw0rd');
    expect(raw).toEqual([true, false]);
    expect(shown).toBe('Password: \n');
  });

  it('Ctrl-C cancels', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true }) as TerminalInput & PassThrough;
    const secret = promptSecret(input, new PassThrough(), 'Password: ');
    input.write('abc\u0003');
    await expect(secret).rejects.toBeInstanceOf(PromptCancelled);
  });
});

describe('helm-publish --password-stdin on a terminal', () => {
  const fx = useE2eServer('cli-prompt', ['hello'], {
    layout: 'harbor',
    users: { robot: PASSWORD },
  });

  it('prompts "Password: ", echoes nothing and publishes with what was typed', async () => {
    const command = [process.execPath, DIST_CLI, ...helloFlags(fx), '--password-stdin'].join(' ');
    // `script` runs the command on a new pseudo-terminal and passes our input to it.
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: fx.env.work,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: fx.env.work,
        RUNNER_TEMP: fx.env.work,
        TERM: 'dumb',
      },
    });
    let screen = '';
    let typed = false;
    child.stdout.on('data', (c: Buffer) => {
      screen += c.toString();
      // Typed only once the prompt is up, as a person would: before it, the terminal echoes.
      if (!typed && screen.includes('Password: ')) {
        typed = true;
        child.stdin.write(`${PASSWORD}x\u007f\r`);
      }
    });
    child.stderr.on('data', (c: Buffer) => (screen += c.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(screen).toContain('Password: ');
    expect(screen).not.toContain(PASSWORD);
    expect(code).toBe(0);
    expect(fx.server.charts('team-a').map((c) => c.name)).toEqual(['hello']);
  });
});
