import os from 'node:os';
import path from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { parseInputs, type InputName } from '../inputs.js';
import { cliWording } from '../inputs/wording.js';
import type { Logger } from '../logger.js';
import { publish } from '../engine/publish.js';
import { networkSettings } from '../http/proxy.js';
import { chartsOutput, failureLines, textTable } from '../report/results.js';
import { Redactor } from './mask.js';
import { helpText, inputFromFlags, readFlags } from './flags.js';
import { LiveProgress } from './progress.js';
import { PromptCancelled, promptSecret, type TerminalInput } from './prompt.js';
import { removeHomeOnSignal } from '../util/signals.js';

export { helpText };

/**
 * The CLI for other CI systems (GitLab CI, Jenkins, Tencent CODING, a laptop): the action's
 * inputs as flags, the same engine. Exit codes: 0 ok, 1 publish failure, 2 bad input.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
/** 128 + SIGINT, as a shell reports Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  // Everything printed is masked, results and server messages included (issue: the action's
  // log is masked by GitHub; nothing masks a terminal or another CI's log for us).
  const redactor = new Redactor();
  const redact = (text: string): string => redactor.redact(text);
  const print = (stream: NodeJS.WritableStream, text: string): void => {
    const masked = redact(text);
    stream.write(masked.endsWith('\n') ? masked : `${masked}\n`);
  };
  const read = readFlags(argv);
  if (read.values === undefined) {
    print(read.stream === 'stdout' ? io.stdout : io.stderr, read.text);
    return read.exit;
  }
  // On a terminal, ask without echo; from a pipe, read it all.
  const stdin: TerminalInput = io.stdin;
  const readSecret = (label: string): Promise<string> =>
    stdin.isTTY === true
      ? promptSecret(stdin, io.stderr, label)
      : readAll(io.stdin).then((text) => text.replace(/\r?\n$/, ''));
  const { values } = read;
  let password = io.env.HELM_PUBLISH_PASSWORD;
  let accessToken = io.env.HELM_PUBLISH_ACCESS_TOKEN;
  try {
    if (values['password-stdin'] === true) password = await readSecret('Password: ');
    if (values['access-token-stdin'] === true) accessToken = await readSecret('Access token: ');
  } catch (error) {
    if (error instanceof PromptCancelled) return EXIT_INTERRUPTED;
    throw error;
  }
  const username = values.username;
  redactor.add(password, Array.isArray(username) ? username.map(String).join('\n') : undefined);
  redactor.add(accessToken);
  const json = values.json === true;
  // A terminal gets a display rewritten in place; other output goes above it.
  const live = io.stdout.isTTY === true && !json ? new LiveProgress(io.stdout) : undefined;
  const log = (text: string): void => {
    if (live !== undefined) live.log(redact(text));
    else print(json ? io.stderr : io.stdout, redact(text));
  };
  const logger: Logger = {
    info: log,
    debug: (m) => {
      if (io.env.HELM_PUBLISH_DEBUG === '1') log(`debug: ${m}`);
    },
    warning: (m) => {
      const line = redact(cliWording(`warning: ${m}`));
      if (live !== undefined) live.log(line, io.stderr);
      else print(io.stderr, line);
    },
    error: (m, p) => {
      const line = redact(cliWording(`error: ${p?.title !== undefined ? `${p.title}: ` : ''}${m}`));
      if (live !== undefined) live.log(line, io.stderr);
      else print(io.stderr, line);
    },
    setSecret: (value) => {
      redactor.add(value);
    },
    group: (name, fn) => {
      log(name);
      return fn();
    },
  };

  const getInput = (name: InputName): string => {
    if (name === 'password') return password ?? '';
    if (name === 'access-token') return accessToken ?? '';
    return inputFromFlags(values, name);
  };
  const toolCache = values['tool-cache'];
  if (typeof toolCache === 'string') io.env.RUNNER_TOOL_CACHE = path.resolve(toolCache);
  io.env.RUNNER_TOOL_CACHE ??= path.join(os.homedir(), '.cache', 'helm-publish');
  let home: string | undefined;
  const stopHandlingSignals = removeHomeOnSignal(
    () => home,
    (line) => print(io.stderr, line),
  );
  try {
    const parsed = parseInputs(getInput);
    for (const warning of parsed.warnings) logger.warning(warning);
    if (parsed.settings === undefined) throw new InputError(parsed.problems);
    const settings = parsed.settings;
    const outcome = await publish(settings, {
      cwd: process.cwd(),
      tempDir: io.env.RUNNER_TEMP ?? os.tmpdir(),
      logger,
      onHome: (root) => (home = root),
      network: networkSettings(io.env),
      // Live progress for people at a terminal; machines get the final table or JSON.
      ...(live !== undefined && { onProgress: (event) => live.update(event), live: true }),
    });
    live?.close(!settings.summary);
    if (json) print(io.stdout, JSON.stringify(chartsOutput(outcome.results), null, 2));
    else if (settings.summary) print(io.stdout, textTable(outcome.results));
    const failures = failureLines(outcome.results);
    for (const failure of failures) logger.error(failure);
    return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
  } catch (error) {
    live?.close(true);
    print(io.stderr, redact(cliWording(`helm-publish: ${errorMessage(error)}`)));
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILED;
  } finally {
    stopHandlingSignals();
  }
}
