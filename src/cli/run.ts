import os from 'node:os';
import path from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { parseInputs, type InputName } from '../inputs.js';
import { cliWording } from '../inputs/wording.js';
import { publish } from '../engine/publish.js';
import { networkSettings } from '../http/proxy.js';
import { chartsOutput, failureLines, textTable } from '../report/results.js';
import { Redactor } from './mask.js';
import { CliOutput } from './output.js';
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

type FlagValues = NonNullable<ReturnType<typeof readFlags>['values']>;

/** The secrets from the environment, or from standard input: a prompt without echo on a terminal. */
async function readSecrets(
  values: FlagValues,
  io: CliIo,
): Promise<{ password?: string; accessToken?: string }> {
  const stdin: TerminalInput = io.stdin;
  const readSecret = (label: string): Promise<string> =>
    stdin.isTTY === true
      ? promptSecret(stdin, io.stderr, label)
      : readAll(io.stdin).then((text) => text.replace(/\r?\n$/, ''));
  let password = io.env.HELM_PUBLISH_PASSWORD;
  let accessToken = io.env.HELM_PUBLISH_ACCESS_TOKEN;
  if (values['password-stdin'] === true) password = await readSecret('Password: ');
  if (values['access-token-stdin'] === true) accessToken = await readSecret('Access token: ');
  return { password, accessToken };
}

/** `--tool-cache`, else the runner's, else a cache in the user's home. */
function useToolCache(flag: unknown, env: NodeJS.ProcessEnv): void {
  if (typeof flag === 'string') env.RUNNER_TOOL_CACHE = path.resolve(flag);
  env.RUNNER_TOOL_CACHE ??= path.join(os.homedir(), '.cache', 'helm-publish');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const redactor = new Redactor();
  const read = readFlags(argv);
  if (read.values === undefined) {
    new CliOutput(io, redactor).print(read.stream, read.text);
    return read.exit;
  }
  const { values } = read;
  let secrets: { password?: string; accessToken?: string };
  try {
    secrets = await readSecrets(values, io);
  } catch (error) {
    if (error instanceof PromptCancelled) return EXIT_INTERRUPTED;
    throw error;
  }
  const username = values.username;
  redactor.add(
    secrets.password,
    Array.isArray(username) ? username.map(String).join('\n') : undefined,
  );
  redactor.add(secrets.accessToken);
  const json = values.json === true;
  // A terminal gets a display rewritten in place; other output goes above it.
  const live = io.stdout.isTTY === true && !json ? new LiveProgress(io.stdout) : undefined;
  const out = new CliOutput(io, redactor, { json, live, debug: io.env.HELM_PUBLISH_DEBUG === '1' });
  const getInput = (name: InputName): string => {
    if (name === 'password') return secrets.password ?? '';
    if (name === 'access-token') return secrets.accessToken ?? '';
    return inputFromFlags(values, name);
  };
  useToolCache(values['tool-cache'], io.env);
  let home: string | undefined;
  const stopHandlingSignals = removeHomeOnSignal(
    () => home,
    (line) => out.print('stderr', line),
  );
  try {
    const logger = out.logger();
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
    if (json) out.print('stdout', JSON.stringify(chartsOutput(outcome.results), null, 2));
    else if (settings.summary) out.print('stdout', textTable(outcome.results));
    const failures = failureLines(outcome.results);
    for (const failure of failures) logger.error(failure);
    return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
  } catch (error) {
    live?.close(true);
    out.print('stderr', cliWording(`helm-publish: ${errorMessage(error)}`));
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILED;
  } finally {
    stopHandlingSignals();
  }
}
