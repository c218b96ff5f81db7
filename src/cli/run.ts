import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { InputError, errorMessage } from '../errors.js';
import { INPUT_DEFAULTS, INPUT_NAMES, parseInputs, type InputName } from '../inputs.js';
import type { Logger } from '../logger.js';
import { publish } from '../engine/publish.js';
import { networkSettings } from '../http/proxy.js';
import { chartsOutput, failureLines, textTable } from '../report/results.js';
import { LiveProgress } from './progress.js';

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

/** Inputs that are secrets: never flags, read from standard input or the environment. */
const SECRET_INPUTS = new Set<InputName>(['password', 'access-token']);

const BOOLEAN_INPUTS = new Set<InputName>([
  'verify',
  'fetch-back',
  'dependency-update',
  'insecure',
  'plain-http',
  'dry-run',
  'summary',
]);

const FLAG_HELP: Record<InputName, string> = {
  charts: 'chart directories, .tgz files or globs (comma-separated)',
  'repo-url': 'https://…, http://… or oci://… repository URL; may contain {namespace}',
  instance:
    'TCR Enterprise instance name (https://<instance>.tencentcloudcr.com/chartrepo/{namespace})',
  namespaces: 'namespaces substituted for {namespace} (comma-separated)',
  username: 'repository user',
  'access-token': 'not accepted as a flag: use --access-token-stdin or HELM_PUBLISH_ACCESS_TOKEN',
  password: 'not accepted as a flag: use --password-stdin or HELM_PUBLISH_PASSWORD',
  'helm-version': 'exact Helm version (v2/v3/v4), or latest, 3, 4',
  'helm-mirror': 'base URL of Helm release archives',
  'helm-checksum': 'expected SHA-256 of the Helm archive',
  'push-method': 'auto, plugin, http or oci',
  'helm-push-version': 'helm-push plugin release (default per Helm major)',
  'helm-push-mirror': 'base URL of helm-push releases',
  version: 'chart version override (a leading v is stripped)',
  'app-version': 'appVersion override',
  'if-exists': 'fail, skip or overwrite',
  verify: 'poll index.yaml until the pushed version appears',
  'verify-timeout': 'seconds to wait for verify',
  'fetch-back': 'pull each pushed version back and compare SHA-256',
  'dependency-update': 'update chart dependencies before packaging',
  parallel: 'maximum concurrent pushes',
  retries: 'retries for transient failures',
  'request-timeout': 'seconds per HTTP request',
  'context-path': 'ChartMuseum context path for the upload API',
  'ca-file': 'PEM CA bundle for the repository TLS',
  insecure: 'skip TLS verification',
  'plain-http': 'OCI over plain HTTP',
  'dry-run': 'validate, install, package and plan; push nothing',
  summary: 'print the summary table',
};

export function helpText(): string {
  const lines = [
    'Usage: helm-publish [flags]',
    '',
    'Publishes Helm charts to ChartMuseum, Harbor, Tencent Cloud TCR or OCI registries.',
    '',
    'Flags (defaults in brackets):',
  ];
  for (const name of INPUT_NAMES) {
    if (SECRET_INPUTS.has(name)) continue;
    const def = INPUT_DEFAULTS[name];
    const flag = BOOLEAN_INPUTS.has(name) ? `--${name}, --no-${name}` : `--${name} <value>`;
    lines.push(`  ${flag.padEnd(34)} ${FLAG_HELP[name]}${def !== '' ? ` [${def}]` : ''}`);
  }
  lines.push(
    `  ${'--password-stdin'.padEnd(34)} read the password (or token) from standard input`,
    `  ${'--access-token-stdin'.padEnd(34)} read a bearer token (instead of user and password) from standard input`,
    `  ${'--tool-cache <dir>'.padEnd(34)} where Helm is cached [$RUNNER_TOOL_CACHE or ~/.cache/helm-publish]`,
    `  ${'--json'.padEnd(34)} print the charts result as JSON instead of a table`,
    `  ${'-h, --help'.padEnd(34)} show this help`,
    '',
    'Environment: HELM_PUBLISH_PASSWORD (the password, instead of --password-stdin),',
    'HELM_PUBLISH_ACCESS_TOKEN (the token, instead of --access-token-stdin),',
    'HTTPS_PROXY, HTTP_PROXY, NO_PROXY.',
    '',
    'Exit codes: 0 all published, 1 a publish failed, 2 bad input.',
  );
  return `${lines.join('\n')}\n`;
}

function parserConfig(): ParseArgsConfig {
  const options: NonNullable<ParseArgsConfig['options']> = {
    'password-stdin': { type: 'boolean' },
    'access-token-stdin': { type: 'boolean' },
    'tool-cache': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const name of INPUT_NAMES) {
    if (SECRET_INPUTS.has(name)) continue;
    options[name] = BOOLEAN_INPUTS.has(name)
      ? { type: 'boolean' }
      : { type: 'string', multiple: true };
  }
  return { options, allowPositionals: false, allowNegative: true, strict: true };
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
  for (const [flag, instead] of [
    ['--password', '--password-stdin or HELM_PUBLISH_PASSWORD'],
    ['--access-token', '--access-token-stdin or HELM_PUBLISH_ACCESS_TOKEN'],
  ] as const) {
    if (argv.some((a) => a === flag || a.startsWith(`${flag}=`))) {
      print(
        io.stderr,
        `helm-publish: ${flag} is refused: a secret on the command line leaks into process lists and shell history; use ${instead}`,
      );
      return EXIT_BAD_INPUT;
    }
  }
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    values = parseArgs({ ...parserConfig(), args: argv }).values;
  } catch (error) {
    print(io.stderr, `helm-publish: ${errorMessage(error)} (see --help)`);
    return EXIT_BAD_INPUT;
  }
  if (values.help === true) {
    print(io.stdout, helpText());
    return EXIT_OK;
  }
  if (values['password-stdin'] === true && values['access-token-stdin'] === true) {
    print(
      io.stderr,
      'helm-publish: --password-stdin and --access-token-stdin both read standard input: pass one of them, the other in its environment variable',
    );
    return EXIT_BAD_INPUT;
  }
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
      if (live !== undefined) live.log(redact(`warning: ${m}`), io.stderr);
      else print(io.stderr, redact(`warning: ${m}`));
    },
    error: (m, p) => {
      const line = redact(`error: ${p?.title !== undefined ? `${p.title}: ` : ''}${m}`);
      if (live !== undefined) live.log(line, io.stderr);
      else print(io.stderr, line);
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
    const value = values[name];
    if (typeof value === 'boolean') return String(value);
    if (Array.isArray(value)) return value.map(String).join('\n');
    return '';
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
    print(io.stderr, redact(`helm-publish: ${errorMessage(error)}`));
    return error instanceof InputError ? EXIT_BAD_INPUT : EXIT_FAILED;
  }
}
