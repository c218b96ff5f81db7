import { cliWording } from '../inputs/wording.js';
import type { Logger } from '../logger.js';
import type { Redactor } from './mask.js';
import type { LiveProgress } from './progress.js';

/**
 * Everything the CLI prints, masked: the action's log is masked by GitHub, but nothing masks a
 * terminal or another CI's log for us. With a live display, lines go above it.
 */
export class CliOutput {
  constructor(
    private readonly streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
    private readonly redactor: Redactor,
    private readonly options: { json?: boolean; live?: LiveProgress; debug?: boolean } = {},
  ) {}

  print(stream: 'stdout' | 'stderr', text: string): void {
    const masked = this.redactor.redact(text);
    this.streams[stream].write(masked.endsWith('\n') ? masked : `${masked}\n`);
  }

  /** Log lines: stdout, or stderr when stdout carries JSON. */
  log(
    text: string,
    stream: 'stdout' | 'stderr' = this.options.json === true ? 'stderr' : 'stdout',
  ): void {
    const { live } = this.options;
    if (live === undefined) this.print(stream, text);
    else live.log(this.redactor.redact(text), this.streams[stream]);
  }

  logger(): Logger {
    return {
      info: (m) => this.log(m),
      debug: (m) => {
        if (this.options.debug === true) this.log(`debug: ${m}`);
      },
      warning: (m) => this.log(cliWording(`warning: ${m}`), 'stderr'),
      error: (m, p) =>
        this.log(
          cliWording(`error: ${p?.title !== undefined ? `${p.title}: ` : ''}${m}`),
          'stderr',
        ),
      setSecret: (value) => this.redactor.add(value),
      group: (name, fn) => {
        this.log(name);
        return fn();
      },
    };
  }
}
