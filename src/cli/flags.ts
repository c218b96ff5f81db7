import { parseArgs, type ParseArgsConfig } from 'node:util';
import { errorMessage } from '../errors.js';
import { INPUTS, flagOf, type InputName, type InputSpec } from '../inputs/schema.js';
import { closest } from '../util/edit-distance.js';
import { TOOL_VERSION } from '../version.js';

/** The CLI's flags, from the input schema: every non-secret input is a flag. */

/** Flags of the CLI alone (not inputs). */
const CLI_FLAGS: readonly { flag: string; help: string }[] = [
  {
    flag: '--tool-cache <dir>',
    help: 'where Helm is cached [$RUNNER_TOOL_CACHE or ~/.cache/helm-publish]',
  },
  { flag: '--json', help: 'print the charts result as JSON instead of a table' },
  {
    flag: '--version',
    help: "print helm-publish's own version (the chart version is --chart-version)",
  },
  { flag: '-h, --help', help: 'show this help' },
];

const FLAG_INPUTS = INPUTS.filter((spec) => spec.secret === undefined);
const SECRET_INPUTS = INPUTS.filter((spec) => spec.secret !== undefined);

function flagUsage(spec: InputSpec): string {
  const flag = flagOf(spec);
  return spec.kind === 'boolean' ? `--${flag}, --no-${flag}` : `--${flag} <value>`;
}

export function helpText(): string {
  const row = (flag: string, help: string): string => `  ${flag.padEnd(34)} ${help}`;
  const lines = [
    'Usage: helm-publish [flags]',
    '',
    'Publishes Helm charts to ChartMuseum, Harbor, Tencent Cloud TCR or OCI registries.',
    '',
    'Flags (defaults in brackets):',
    ...FLAG_INPUTS.map((spec) =>
      row(flagUsage(spec), `${spec.help}${spec.default !== '' ? ` [${spec.default}]` : ''}`),
    ),
    ...SECRET_INPUTS.map((spec) => row(`--${spec.secret?.stdinFlag ?? ''}`, spec.help)),
    ...CLI_FLAGS.map((f) => row(f.flag, f.help)),
    '',
    'Environment: HELM_PUBLISH_PASSWORD (the password, instead of --password-stdin),',
    'HELM_PUBLISH_ACCESS_TOKEN (the token, instead of --access-token-stdin),',
    'HTTPS_PROXY, HTTP_PROXY, NO_PROXY.',
    '',
    'Exit codes: 0 all published, 1 a publish failed, 2 bad input.',
  ];
  return `${lines.join('\n')}\n`;
}

export function parserConfig(): ParseArgsConfig {
  const options: NonNullable<ParseArgsConfig['options']> = {
    'tool-cache': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' },
  };
  for (const spec of SECRET_INPUTS) options[spec.secret?.stdinFlag ?? ''] = { type: 'boolean' };
  for (const spec of FLAG_INPUTS) {
    options[flagOf(spec)] =
      spec.kind === 'boolean' ? { type: 'boolean' } : { type: 'string', multiple: true };
  }
  return { options, allowPositionals: false, allowNegative: true, strict: true };
}

export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** An input's value as the parser's getter returns it: repeated flags become lines of a list. */
export function inputFromFlags(values: FlagValues, name: InputName): string {
  const spec = INPUTS.find((s) => s.name === name);
  const value = spec === undefined ? undefined : values[flagOf(spec)];
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(String).join('\n');
  return '';
}

/** What the command line asks for: values to run with, or an answer to print and an exit code. */
export type FlagsRead =
  | { values: FlagValues }
  | { values?: undefined; exit: number; stream: 'stdout' | 'stderr'; text: string };

const refuse = (text: string): FlagsRead => ({
  exit: 2,
  stream: 'stderr',
  text: `helm-publish: ${text}`,
});

export function readFlags(argv: readonly string[]): FlagsRead {
  for (const spec of SECRET_INPUTS) {
    const flag = `--${spec.name}`;
    if (argv.some((a) => a === flag || a.startsWith(`${flag}=`))) {
      return refuse(
        `${flag} is refused: a secret on the command line leaks into process lists and shell history; use --${spec.secret?.stdinFlag ?? ''} or ${spec.secret?.env ?? ''}`,
      );
    }
  }
  const config = parserConfig();
  const misuse = flagMisuse(argv, config);
  if (misuse !== undefined) return refuse(misuse);
  let values: FlagValues;
  try {
    values = parseArgs({ ...config, args: [...argv] }).values;
  } catch (error) {
    return refuse(`${errorMessage(error)} (see --help)`);
  }
  if (values.help === true) return { exit: 0, stream: 'stdout', text: helpText() };
  if (values.version === true)
    return { exit: 0, stream: 'stdout', text: `helm-publish ${TOOL_VERSION}` };
  if (values['password-stdin'] === true && values['access-token-stdin'] === true) {
    return refuse(
      '--password-stdin and --access-token-stdin both read standard input: pass one of them, the other in its environment variable',
    );
  }
  return { values };
}

/** An unknown flag (with the nearest known one), or `--version` given a value. */
function flagMisuse(argv: readonly string[], config: ParseArgsConfig): string | undefined {
  const options = config.options ?? {};
  const { tokens } = parseArgs({
    ...config,
    args: [...argv],
    strict: false,
    tokens: true,
    allowPositionals: true,
  });
  for (const [i, token] of tokens.entries()) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (option === undefined) {
      const known = Object.keys(options).flatMap((name) =>
        options[name]?.type === 'boolean' ? [name, `no-${name}`] : [name],
      );
      const near = closest(token.rawName.replace(/^-+/, ''), known);
      return `unknown flag \`${token.rawName}\`${near !== undefined ? `: did you mean \`--${near}\`?` : ''} (see --help)`;
    }
    const next = tokens[i + 1];
    const given =
      token.inlineValue === true
        ? token.value
        : next?.kind === 'positional'
          ? next.value
          : undefined;
    if (token.name === 'version' && given !== undefined) {
      return `\`--version\` prints helm-publish's own version and takes no value: set the chart version with \`--chart-version ${given}\``;
    }
  }
  return undefined;
}
