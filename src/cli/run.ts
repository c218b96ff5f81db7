import os from 'node:os';
import path from 'node:path';
import { InputError, errorMessage } from '../errors.js';
import { parseInputs, type InputName } from '../inputs.js';
import { cliWording } from '../inputs/wording.js';
import type { Logger } from '../logger.js';
import { publish } from '../engine/publish.js';
import { networkSettings } from '../http/proxy.js';
import { chartsOutput, failureLines, textTable } from '../report/results.js';
import { helpText, inputFromFlags, readFlags } from './flags.js';
import { progressLine } from './progress.js';

export { helpText };

/**
 * The CLI for other CI systems (GitLab CI, Jenkins, Tencent CODING, a laptop): the action's
 * inputs as flags, the same engine. Exit codes: 0 ok, 1 publish failure, 2 bad input.
 */

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;

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
  const print = (stream: NodeJS.WritableStream, text: string): void => {
    stream.write(text.endsWith('\n') ? text : `${text}\n`);
  };
  const read = readFlags(argv);
  if (read.values === undefined) {
    print(read.stream === 'stdout' ? io.stdout : io.stderr, read.text);
    return read.exit;
  }
  const { values } = read;
  let password = io.env.HELM_PUBLISH_PASSWORD;
  if (values['password-stdin'] === true) {
    password = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  }
  let accessToken = io.env.HELM_PUBLISH_ACCESS_TOKEN;
  if (values['access-token-stdin'] === true) {
    accessToken = (await readAll(io.stdin)).replace(/\r?\n$/, '');
  }
  const secrets = [password, accessToken].filter((s): s is string => s !== undefined && s !== '');
  const redact = (text: string): string => secrets.reduce((t, s) => t.split(s).join('***'), text);
  const json = values.json === true;
  const log = (text: string): void => {
    print(json ? io.stderr : io.stdout, redact(text));
  };
  const logger: Logger = {
    info: log,
    debug: (m) => {
      if (io.env.HELM_PUBLISH_DEBUG === '1') log(`debug: ${m}`);
    },
    warning: (m) => {
      print(io.stderr, redact(cliWording(`warning: ${m}`)));
    },
    error: (m, p) => {
      print(
        io.stderr,
        redact(cliWording(`error: ${p?.title !== undefined ? `${p.title}: ` : ''}${m}`)),
      );
    },
    setSecret: (value) => {
      if (value !== '') secrets.push(value);
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
  try {
    const parsed = parseInputs(getInput);
    for (const warning of parsed.warnings) logger.warning(warning);
    if (parsed.settings === undefined) throw new InputError(parsed.problems);
    const settings = parsed.settings;
    const outcome = await publish(settings, {
      cwd: process.cwd(),
      tempDir: io.env.RUNNER_TEMP ?? os.tmpdir(),
      logger,
      network: networkSettings(io.env),
      // Live progress for people at a terminal; machines get the final table or JSON.
      ...(io.stdout.isTTY === true && !json && { onProgress: (event) => log(progressLine(event)) }),
    });
    if (json) print(io.stdout, JSON.stringify(chartsOutput(outcome.results), null, 2));
    else if (settings.summary) print(io.stdout, textTable(outcome.results));
    const failures = failureLines(outcome.results);
    for (const failure of failures) logger.error(failure);
    return failures.length > 0 ? EXIT_FAILED : EXIT_OK;
  } catch (error) {
    print(io.stderr, redact(cliWording(`helm-publish: ${errorMessage(error)}`)));
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}
