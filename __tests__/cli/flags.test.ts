// The CLI's flags as users type them, in-process: typos, --version, --chart-version, and input
// problems told in flag names rather than the action's input names.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inputFromFlags, readFlags } from '../../src/cli/flags.js';
import { runCli } from '../../src/cli/run.js';
import { cliWording } from '../../src/inputs/wording.js';
import { closest } from '../../src/util/edit-distance.js';
import manifest from '../../package.json' with { type: 'json' };

function refusal(argv: string[]): string {
  const read = readFlags(argv);
  if (read.values !== undefined) throw new Error(`accepted ${argv.join(' ')}`);
  expect(read.exit).toBe(2);
  return read.text;
}

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const stdin = new PassThrough();
  stdin.end();
  const code = await runCli(argv, { stdin, stdout, stderr, env: {} });
  return { code, stdout: out, stderr: err };
}

describe('unknown flags', () => {
  it.each([
    ['--chart', '--charts'],
    ['--repo-ulr', '--repo-url'],
    ['--namespace', '--namespaces'],
    ['--no-verfy', '--no-verify'],
    ['--passwd-stdin', '--password-stdin'],
    ['--dryrun', '--dry-run'],
  ])('%s: did you mean %s?', (typo, meant) => {
    expect(refusal([typo, 'x'])).toBe(
      `helm-publish: unknown flag \`${typo}\`: did you mean \`${meant}\`? (see --help)`,
    );
  });

  it('suggests nothing when nothing is close', () => {
    expect(refusal(['--kubeconfig', 'x'])).toBe(
      'helm-publish: unknown flag `--kubeconfig` (see --help)',
    );
  });

  it('the nearest candidate is picked, within a few edits only', () => {
    expect(closest('retires', ['retries', 'verify'])).toBe('retries');
    expect(closest('zzzz', ['json', 'help'])).toBeUndefined();
  });
});

describe('--version and --chart-version', () => {
  it("--version prints the tool's own version", async () => {
    const result = await run(['--version']);
    expect(result).toEqual({ code: 0, stdout: `helm-publish ${manifest.version}\n`, stderr: '' });
  });

  it.each([['--version', '1.2.3'], ['--version=1.2.3']])(
    '%s with a value points to --chart-version',
    (...argv) => {
      expect(refusal([...argv, '--charts', 'c'])).toBe(
        "helm-publish: `--version` prints helm-publish's own version and takes no value: set the chart version with `--chart-version 1.2.3`",
      );
    },
  );

  it('--chart-version sets the `version` input; help says so', () => {
    const read = readFlags(['--chart-version', 'v2.0.0']);
    if (read.values === undefined) throw new Error(read.text);
    expect(inputFromFlags(read.values, 'version')).toBe('v2.0.0');
    const help = readFlags(['--help']);
    expect(help.values === undefined && help.text).toMatch(
      /--chart-version <value> +chart version override: the action's `version` input/,
    );
  });
});

describe('messages in flag names', () => {
  it('input problems name flags, the chart version flag and where secrets come from', async () => {
    const result = await run(['--chart-version', 'latest', '--username', 'u', '--parallel', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'set `--repo-url` (like https://host/chartrepo/{namespace}) or `--instance` (the TCR Enterprise instance name)',
    );
    expect(result.stderr).toContain(
      '`--username` is set without `--password-stdin` (or `HELM_PUBLISH_PASSWORD`): set `--password-stdin` (or `HELM_PUBLISH_PASSWORD`) too, or neither',
    );
    expect(result.stderr).toContain('`--chart-version` must be a SemVer 2 version');
    expect(result.stderr).toContain('`--parallel` must be a whole number of at least 1, got "0"');
    expect(result.stderr).not.toMatch(/input `/);
  });

  it.each([
    ['an oci:// repository needs `push-method: oci` (or auto)', 'needs `--push-method oci`'],
    ['set `fetch-back: false`, or use', 'set `--no-fetch-back`, or use'],
    ['`insecure: true` turns off TLS', '`--insecure` turns off TLS'],
    [
      'inputs `access-token` and `username`',
      '`--access-token-stdin` (or `HELM_PUBLISH_ACCESS_TOKEN`) and `--username`',
    ],
    ['ChartMuseum `--bearer-auth` and `entries`', 'ChartMuseum `--bearer-auth` and `entries`'],
  ])('%s', (action, cli) => {
    expect(cliWording(action)).toContain(cli);
  });
});
