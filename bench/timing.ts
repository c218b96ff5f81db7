// Timing a child process for the benchmarks: wall time, and peak RSS under GNU time.
import { spawn } from 'node:child_process';

export interface Timed {
  seconds: number;
  maxRssMb?: number;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export interface ChildRun extends Timed {
  code: number;
  output: string;
}

/**
 * Runs one command and times it: to its exit, or (`firstOutput`) to its first byte of stdout.
 * Under GNU time, when asked, to read its peak RSS.
 */
export function timeChild(
  cmd: string,
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    cwd: string;
    stdin?: string;
    maxRss?: boolean;
    firstOutput?: boolean;
  },
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const [file, argv] = options.maxRss
      ? ['/usr/bin/time', ['-f', '__MAXRSS_KB=%M', cmd, ...args]]
      : [cmd, args];
    const child = spawn(file, argv, {
      env: options.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    const done = (code: number): void => {
      const kb = /__MAXRSS_KB=(\d+)/.exec(output)?.[1];
      resolve({
        code,
        output,
        seconds: (performance.now() - start) / 1000,
        ...(kb !== undefined && { maxRssMb: Number(kb) / 1024 }),
      });
    };
    child.stdout.on('data', (c: Buffer) => {
      if (options.firstOutput === true && output === '') {
        done(0);
        child.kill();
      }
      output += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.stdin.end(options.stdin ?? '');
    child.on('error', reject);
    child.on('close', (code) => {
      if (options.firstOutput !== true) done(code ?? -1);
    });
  });
}
