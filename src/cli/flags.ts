import type { ParseArgsConfig } from 'node:util';
import { INPUTS, flagOf, type InputName, type InputSpec } from '../inputs/schema.js';

/** The CLI's flags, from the input schema: every non-secret input is a flag. */

/** Flags of the CLI alone (not inputs). */
const CLI_FLAGS: readonly { flag: string; help: string }[] = [
  {
    flag: '--tool-cache <dir>',
    help: 'where Helm is cached [$RUNNER_TOOL_CACHE or ~/.cache/helm-publish]',
  },
  { flag: '--json', help: 'print the charts result as JSON instead of a table' },
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
