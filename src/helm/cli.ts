import { spawn } from 'node:child_process';
import { PublishError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { HelmCommand } from './commands.js';
import { helmEnvironment, type HelmHome } from './home.js';
import type { HelmInstallation } from './install.js';

export interface HelmResult {
  stdout: string;
  stderr: string;
}

/** Runs Helm commands in the isolated home; never logs stdin (where secrets go). */
export class Helm {
  readonly #env: Record<string, string>;

  constructor(
    readonly installation: HelmInstallation,
    readonly home: HelmHome,
    private readonly logger: Logger,
  ) {
    this.#env = helmEnvironment(home);
  }

  get major(): number {
    return this.installation.major;
  }

  get minor(): number {
    return this.installation.minor;
  }

  async run(
    command: HelmCommand,
    what: string,
    options: { cwd?: string } = {},
  ): Promise<HelmResult> {
    this.logger.debug(
      `helm ${command.args.join(' ')}${command.stdin !== undefined ? ' (secret on stdin)' : ''}`,
    );
    const result = await runProcess(this.installation.path, command.args, {
      env: command.env !== undefined ? { ...this.#env, ...command.env } : this.#env,
      stdin: command.stdin,
      cwd: options.cwd,
    });
    if (result.exitCode !== 0) {
      const detail = lastLines(`${result.stderr}\n${result.stdout}`, 4);
      throw new HelmRunError(
        `${what} failed: helm ${command.args[0] ?? ''} exited ${result.exitCode}: ${detail}`,
        result.stderr,
      );
    }
    return { stdout: result.stdout, stderr: result.stderr };
  }
}

/** A Helm command that failed; `stderr` is its whole error output (a plugin's own error line). */
export class HelmRunError extends PublishError {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

interface ProcessResult extends HelmResult {
  exitCode: number;
}

/**
 * Spawns a process in this tick and collects its output; @actions/exec would first await an
 * executable lookup and let other work on the main thread delay the start (docs/adr/0013).
 */
export function runProcess(
  file: string,
  args: readonly string[],
  options: { env: Record<string, string>; cwd?: string; stdin?: string },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: options.env,
      cwd: options.cwd,
      stdio: 'pipe',
      windowsHide: true,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) =>
      reject(new PublishError(`cannot run ${file}: ${error.message}`, { cause: error })),
    );
    child.on('close', (code, signal) =>
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: `${Buffer.concat(stderr).toString('utf8')}${signal !== null ? `\nkilled by ${signal}` : ''}`,
      }),
    );
    // A process that exits without reading its stdin closes the pipe: not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
  });
}

function lastLines(text: string, count: number): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(-count).join(' | ') || '(no output)';
}
