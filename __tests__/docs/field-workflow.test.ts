// The field workflow runs only on GitHub's runners, never here: this keeps what it passes to the
// action and reads back in step with action.yml and the input parser, for every matrix entry.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseInputs, INPUT_DEFAULTS, type InputName } from '../../src/inputs.js';
import { REPO_ROOT } from '../../test/support/fixtures.js';

type Strings = Record<string, string>;
interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
  env?: Strings;
}
interface Job {
  'runs-on': string;
  strategy?: { matrix: Record<string, unknown> };
  services?: Record<string, { image: string; env?: Strings }>;
  env?: Strings;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Strings;
  jobs: Record<string, Job>;
}
interface ActionYml {
  inputs: Record<string, { required?: boolean }>;
  outputs: Record<string, unknown>;
}

const load = async <T>(file: string): Promise<T> =>
  YAML.parse(await readFile(path.join(REPO_ROOT, file), 'utf8')) as T;
const workflow = (): Promise<Workflow> => load('.github/workflows/field.yml');
const action = (): Promise<ActionYml> => load('action.yml');

type Value = string | boolean | undefined;
type Context = Record<string, Record<string, unknown>>;

/** The part of GitHub's expression language the workflow uses: paths, '…', ==, !=, &&, ||. */
function evaluate(expression: string, context: Context): Value {
  const tokens = expression.match(/'(?:[^']|'')*'|==|!=|&&|\|\||[A-Za-z_][\w.-]*|\S/g) ?? [];
  let at = 0;
  const atom = (): Value => {
    const token = tokens[at++] ?? '';
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'");
    const [root = '', ...rest] = token.split('.');
    if (!/^[A-Za-z_]/.test(token) || !(root in context))
      throw new Error(`cannot evaluate "${token}" in \${{ ${expression} }}`);
    const found = rest.reduce<unknown>(
      (v, key) => (v as Record<string, unknown> | undefined)?.[key],
      context[root],
    );
    return typeof found === 'number' ? String(found) : (found as Value);
  };
  const comparison = (): Value => {
    const left = atom();
    const op = tokens[at];
    if (op !== '==' && op !== '!=') return left;
    at++;
    const equal = String(left ?? '') === String(atom() ?? '');
    return op === '==' ? equal : !equal;
  };
  const and = (): Value => {
    let value = comparison();
    while (tokens[at] === '&&') {
      at++;
      const right = comparison();
      value = value !== '' && value !== false && value !== undefined ? right : value;
    }
    return value;
  };
  let value = and();
  while (tokens[at] === '||') {
    at++;
    const right = and();
    value = value !== '' && value !== false && value !== undefined ? value : right;
  }
  if (at !== tokens.length) throw new Error(`cannot evaluate \${{ ${expression} }}`);
  return value;
}

const substitute = (text: unknown, context: Context): string =>
  String(text).replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => String(evaluate(e, context) ?? ''));

/** The matrix entries GitHub would run: the product of the axes, less `exclude`. */
function combinations(job: Job): Strings[] {
  const { exclude, include, ...axes } = job.strategy?.matrix ?? {};
  let combos: Strings[] = [{}];
  for (const [axis, values] of Object.entries(axes)) {
    combos = combos.flatMap((c) => (values as string[]).map((v) => ({ ...c, [axis]: v })));
  }
  const excluded = (exclude ?? []) as Strings[];
  combos = combos.filter(
    (c) => !excluded.some((x) => Object.entries(x).every(([k, v]) => c[k] === v)),
  );
  return [...combos, ...((include ?? []) as Strings[])];
}

/** Every `uses: ./` step of every job and matrix entry, with its `with:` values evaluated. */
async function actionSteps(): Promise<
  Array<{ job: string; runner: string; step: Step; inputs: Strings; where: string }>
> {
  const wf = await workflow();
  const out = [];
  for (const [name, job] of Object.entries(wf.jobs)) {
    for (const matrix of combinations(job)) {
      const base: Context = { matrix, github: { run_id: 1, run_attempt: 1 }, env: {} };
      const env: Strings = { ...wf.env };
      for (const [k, v] of Object.entries(job.env ?? {})) env[k] = substitute(v, { ...base, env });
      const runner = substitute(job['runs-on'], base);
      for (const step of job.steps.filter((s) => s.uses === './')) {
        const context = { ...base, env: { ...env, ...step.env } };
        const inputs: Strings = {};
        for (const [k, v] of Object.entries(step.with ?? {})) inputs[k] = substitute(v, context);
        const where = `${name} ${JSON.stringify(matrix)} step ${step.id ?? '?'}`;
        out.push({ job: name, runner, step, inputs, where });
      }
    }
  }
  return out;
}

describe('field workflow', () => {
  it('runs on push to main, pull requests, a schedule and by hand', async () => {
    const on = (await workflow()).on;
    expect(on.push).toEqual({ branches: ['main'] });
    expect(Object.keys(on).sort()).toEqual(
      ['pull_request', 'push', 'schedule', 'workflow_dispatch'].sort(),
    );
  });

  it('passes only inputs of action.yml, every required one, and values the parser accepts', async () => {
    const { inputs: declared } = await action();
    const required = Object.keys(declared).filter((k) => declared[k]?.required === true);
    const steps = await actionSteps();
    expect(steps.length).toBeGreaterThanOrEqual(40);
    for (const { inputs, where } of steps) {
      for (const key of Object.keys(inputs)) expect(Object.keys(declared), where).toContain(key);
      for (const key of required) expect(Object.keys(inputs), where).toContain(key);
      expect('repo-url' in inputs || 'instance' in inputs, where).toBe(true);
      expect('username' in inputs, where).toBe('password' in inputs);
      const parsed = parseInputs((n: InputName) => inputs[n] ?? '');
      expect(parsed.problems, where).toEqual([]);
      const helm = inputs['helm-version'] || INPUT_DEFAULTS['helm-version'];
      if (parsed.settings?.pushMethod === 'oci') expect(helm, where).not.toMatch(/^v?2\./);
    }
  });

  it('reads only outputs of action.yml from earlier `uses: ./` steps of the same job', async () => {
    const { outputs } = await action();
    let references = 0;
    for (const [name, job] of Object.entries((await workflow()).jobs)) {
      const ids = job.steps.map((s) => s.id);
      job.steps.forEach((step, index) => {
        const text = JSON.stringify(step);
        for (const m of text.matchAll(/steps\.([\w-]+)\.(outputs\.([\w-]+)|outcome|conclusion)/g)) {
          references++;
          const where = `${name} step ${index + 1}: ${m[0]}`;
          const at = ids.indexOf(m[1]);
          expect(at, where).toBeGreaterThanOrEqual(0);
          expect(at, where).toBeLessThan(index);
          if (m[3] === undefined) continue;
          expect(job.steps[at]?.uses, where).toBe('./');
          expect(Object.keys(outputs), where).toContain(m[3]);
        }
      });
    }
    expect(references).toBeGreaterThanOrEqual(20);
  });

  it('covers four runners, Helm default, newest 3 and 2.17.0 (Linux only), and every push method', async () => {
    const wf = await workflow();
    const steps = await actionSteps();
    const seen = (pick: (s: (typeof steps)[number]) => string): string[] =>
      [...new Set(steps.map(pick))].sort();
    expect(seen((s) => s.runner)).toEqual(
      ['macos-latest', 'ubuntu-24.04-arm', 'ubuntu-latest', 'windows-latest'].sort(),
    );
    expect(seen((s) => s.inputs['push-method'] ?? '')).toEqual(['http', 'oci', 'plugin']);
    expect(wf.env?.HELM3_LATEST).toMatch(/^v3\.\d+\.\d+$/);
    expect(seen((s) => s.inputs['helm-version'] ?? '')).toEqual(
      ['', wf.env?.HELM3_LATEST ?? '?', 'v2.17.0'].sort(),
    );
    for (const s of steps.filter((x) => x.inputs['helm-version'] === 'v2.17.0'))
      expect(s.runner, s.where).toMatch(/^ubuntu-/);
  });

  it('starts with the real mirrors, and pushes only where the service containers are', async () => {
    const wf = await workflow();
    for (const [name, job] of Object.entries(wf.jobs)) {
      const first = job.steps.find((s) => s.uses === './');
      if (first === undefined) continue;
      for (const key of ['helm-mirror', 'helm-push-mirror', 'helm-checksum', 'helm-push-checksum'])
        expect(Object.keys(first.with ?? {}), `${name}: ${key}`).not.toContain(key);
    }
    for (const { job, runner, inputs, where } of await actionSteps()) {
      if (inputs['dry-run'] === 'true') continue;
      expect(runner, where).toMatch(/^ubuntu-/);
      expect(wf.jobs[job]?.services?.chartmuseum, where).toBeDefined();
    }
  });

  it('gives the ChartMuseum service basic auth, the API and one tenant level', async () => {
    const wf = await workflow();
    const linux = Object.values(wf.jobs).find((j) => j.services?.chartmuseum !== undefined);
    const cm = linux?.services?.chartmuseum;
    expect(cm?.image).toMatch(/^ghcr\.io\/helm\/chartmuseum:v\d+\.\d+\.\d+$/);
    // helm/chartmuseum pkg/config/vars.go: the environment variables behind the flags.
    expect(cm?.env).toMatchObject({ STORAGE: 'local', DEPTH: '1', DISABLE_API: 'false' });
    const context: Context = { github: { run_id: 7 }, matrix: {}, env: {} };
    const server = substitute(cm?.env?.BASIC_AUTH_PASS, context);
    expect(server).not.toBe('');
    expect(substitute(linux?.env?.FIELD_PASSWORD, context)).toBe(server);
    expect(linux?.env?.FIELD_USER).toBe(cm?.env?.BASIC_AUTH_USER);
  });
});

describe('README', () => {
  it('says which claims rest on the field workflow, not run here', async () => {
    const text = await readFile(path.join(REPO_ROOT, 'docs', 'BEHAVIOUR.md'), 'utf8');
    const table = text.slice(text.indexOf('## What is verified how'));
    const header = table.split('\n').find((l) => l.startsWith('| path'));
    expect(header).toMatch(/field workflow/);
    expect(table).toContain('.github/workflows/field.yml');
    expect(table).toMatch(/not run on this machine/);
    const readme = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const summary = readme.slice(readme.indexOf('## What is verified how'));
    expect(summary).toContain('.github/workflows/field.yml');
    expect(summary).toContain('docs/BEHAVIOUR.md#what-is-verified-how-in-full');
  });
});
