import * as exec from '@actions/exec';
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
    const result = await exec.getExecOutput(this.installation.path, command.args, {
      env: this.#env,
      silent: true,
      ignoreReturnCode: true,
      ...(command.stdin !== undefined && { input: Buffer.from(command.stdin) }),
      ...(options.cwd !== undefined && { cwd: options.cwd }),
    });
    if (result.exitCode !== 0) {
      const detail = lastLines(`${result.stderr}\n${result.stdout}`, 4);
      throw new PublishError(
        `${what} failed: helm ${command.args[0] ?? ''} exited ${result.exitCode}: ${detail}`,
      );
    }
    return { stdout: result.stdout, stderr: result.stderr };
  }
}

function lastLines(text: string, count: number): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(-count).join(' | ') || '(no output)';
}
