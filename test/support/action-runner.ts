// Runs the built action (dist/index.js, then dist/post.js) the way the GitHub runner does:
// inputs as INPUT_<NAME> variables, outputs/state/summary through files, a per-job RUNNER_TEMP.
// Optionally samples every process's argv while the action runs, for the secret checks.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { scratchDir } from './scratch.js';
import type { ChartOutput } from '../../src/report/results.js';
import { REPO_ROOT } from './fixtures.js';

export interface ActionRunOptions {
  /** Shared across runs to test caching; a fresh one by default. */
  toolCache?: string;
  cwd?: string;
  env?: Record<string, string>;
  /** Run dist/post.js after the main step (default true). */
  post?: boolean;
  /** Sample /proc/<pid>/cmdline of every process while the action runs. */
  sampleArgv?: boolean;
}

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  postStdout: string;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  runnerTemp: string;
  toolCache: string;
  /** Every distinct command line seen while the main step ran (when sampled). */
  argvSeen: string[];
  /** Wall time of the main and post processes, spawn to exit (what the runner waits for). */
  seconds: { main: number; post: number };
}

export const DIST_INDEX = path.join(REPO_ROOT, 'dist', 'index.js');
export const DIST_POST = path.join(REPO_ROOT, 'dist', 'post.js');
export const DIST_CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** Parses GITHUB_OUTPUT / GITHUB_STATE files (`name<<delimiter` blocks, or `name=value`). */
export function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name = '', delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      const at = line.indexOf('=');
      result[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return result;
}

export function inputEnv(inputs: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  return env;
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (key.startsWith('INPUT_') || key.startsWith('GITHUB_') || key.startsWith('RUNNER_'))
      continue;
    if (key.startsWith('STATE_') || key.startsWith('HELM_')) continue;
    env[key] = value;
  }
  return env;
}

interface Spawned {
  exitCode: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function runNode(
  script: string,
  env: Record<string, string>,
  cwd: string,
  onPid?: (pid: number) => void,
): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [script], {
      env,
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) onPid?.(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      resolve({
        exitCode: code ?? -1,
        stdout,
        stderr,
        seconds: (performance.now() - start) / 1000,
      });
    });
  });
}

/** Reads every process's command line once; unreadable (exited) processes are skipped. */
export async function snapshotCommandLines(): Promise<string[]> {
  const lines: string[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const raw = await readFile(`/proc/${entry}/cmdline`);
      if (raw.length > 0) lines.push(raw.toString('utf8').split('\0').join(' ').trim());
    } catch {
      // The process ended between readdir and read.
    }
  }
  return lines;
}

export async function runAction(
  inputs: Record<string, string>,
  options: ActionRunOptions = {},
): Promise<ActionRun> {
  if (!existsSync(DIST_INDEX))
    throw new Error('dist/index.js is missing: run `npm run build` first');
  // Removed after the test file (test/support/cleanup.ts): tests read them after the run.
  const runnerTemp = await scratchDir('runner-temp-');
  const toolCache = options.toolCache ?? (await scratchDir('tool-cache-'));
  const files = path.join(runnerTemp, '_runner_file_commands');
  await mkdir(files, { recursive: true });
  const outputFile = path.join(files, 'output');
  const stateFile = path.join(files, 'state');
  const summaryFile = path.join(files, 'summary');
  await Promise.all([outputFile, stateFile, summaryFile].map((f) => writeFile(f, '')));
  const cwd = options.cwd ?? process.cwd();
  const env = {
    ...baseEnv(),
    ...inputEnv(inputs),
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STATE: stateFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: cwd,
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: toolCache,
    ...options.env,
  };

  const argvSeen = new Set<string>();
  let sampling = options.sampleArgv === true;
  const sampler = (async () => {
    while (sampling) {
      for (const line of await snapshotCommandLines()) argvSeen.add(line);
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const main = await runNode(DIST_INDEX, env, cwd);
  sampling = false;
  await sampler;

  const state = parseCommandFile(await readFile(stateFile, 'utf8'));
  let postStdout = '';
  let postSeconds = 0;
  if (options.post !== false) {
    const stateEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(state)) stateEnv[`STATE_${name}`] = value;
    const post = await runNode(DIST_POST, { ...env, ...stateEnv }, cwd);
    postStdout = post.stdout + post.stderr;
    postSeconds = post.seconds;
    if (post.exitCode !== 0) throw new Error(`post step failed (${post.exitCode}): ${postStdout}`);
  }
  return {
    exitCode: main.exitCode,
    stdout: main.stdout,
    stderr: main.stderr,
    postStdout,
    outputs: parseCommandFile(await readFile(outputFile, 'utf8')),
    state,
    summary: await readFile(summaryFile, 'utf8'),
    runnerTemp,
    toolCache,
    argvSeen: [...argvSeen],
    seconds: { main: main.seconds, post: postSeconds },
  };
}

/** Every file under a folder (recursively), for "nothing left behind" checks. */
/** Removes the run's RUNNER_TEMP and tool cache. */
export async function removeRunDirs(run: ActionRun): Promise<void> {
  await rm(run.runnerTemp, { recursive: true, force: true });
  await rm(run.toolCache, { recursive: true, force: true });
}

export async function listFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else found.push(full);
    }
  };
  await walk(dir);
  return found;
}

/** Files under `dir` whose bytes contain any of `needles`. */
export async function filesContaining(dir: string, needles: string[]): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await listFiles(dir)) {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch {
      continue;
    }
    if (needles.some((n) => data.includes(n))) hits.push(file);
  }
  return hits;
}

/** The step's failure message (the `::error::` command from `setFailed`), decoded; '' if none. */
export function failureMessage(run: ActionRun): string {
  const line = run.stdout.split('\n').find((l) => l.startsWith('::error::'));
  return (line ?? '')
    .slice('::error::'.length)
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%');
}

/** stdout without the `::add-mask::` commands, which the runner consumes to mask values. */
export function visibleStdout(run: ActionRun): string {
  return run.stdout
    .split('\n')
    .filter((l) => !l.startsWith('::add-mask::'))
    .join('\n');
}

/** The `charts` output, parsed. */
export function chartRows(run: ActionRun): ChartOutput[] {
  return JSON.parse(run.outputs.charts ?? '[]') as ChartOutput[];
}
