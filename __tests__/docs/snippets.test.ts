// What users copy must work as written: every YAML snippet of the README and examples/ parses,
// every step that uses the action passes action.yml's inputs and the input parser, and every
// helm-publish command line uses flags the CLI has.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/run.js';
import { parseInputs, type InputName } from '../../src/inputs.js';
import { REPO_ROOT } from '../../test/support/fixtures.js';
import {
  actionSteps,
  cliInvocations,
  evaluatedInputs,
  fences,
  gitlabScripts,
  grantsPackagesWrite,
  helpFlags,
  jenkinsScripts,
  type ActionStep,
} from './snippets.js';

interface ActionYml {
  inputs: Record<string, { required?: boolean }>;
}

const read = (file: string): Promise<string> => readFile(path.join(REPO_ROOT, file), 'utf8');

/** Every YAML document users copy: README fences and examples/github, by where they come from. */
async function yamlSources(): Promise<Array<{ where: string; text: string }>> {
  const readme = fences(await read('README.md'))
    .filter((f) => f.lang === 'yaml' || f.lang === 'yml')
    .map((f) => ({ where: `README.md:${String(f.line)}`, text: f.body }));
  const dir = path.join('examples', 'github');
  const examples = await Promise.all(
    (await readdir(path.join(REPO_ROOT, dir)))
      .filter((f) => f.endsWith('.yml'))
      .map(async (f) => ({ where: path.join(dir, f), text: await read(path.join(dir, f)) })),
  );
  return [...readme, ...examples];
}

function checkStep(step: ActionStep, where: string, action: ActionYml): void {
  const given = Object.keys(step.with);
  for (const name of given) expect(Object.keys(action.inputs), `${where}: ${name}`).toContain(name);
  for (const [name, input] of Object.entries(action.inputs)) {
    if (input.required === true) expect(given, `${where}: required ${name}`).toContain(name);
  }
  // The default `.` is the repository root, which is rarely a chart: say which charts.
  expect(given, `${where}: charts`).toContain('charts');
  const inputs = evaluatedInputs(step);
  const parsed = parseInputs((name: InputName) => inputs[name] ?? '');
  expect(parsed.problems, where).toEqual([]);
  if (inputs['repo-url']?.includes('ghcr.io') === true) {
    expect(grantsPackagesWrite(step), `${where}: GHCR needs permissions: packages: write`).toBe(
      true,
    );
  }
}

describe('YAML snippets', () => {
  it('parse, and every step using the action passes action.yml and the input parser', async () => {
    const action = YAML.parse(await read('action.yml')) as ActionYml;
    let readmeSteps = 0;
    let exampleSteps = 0;
    for (const { where, text } of await yamlSources()) {
      const steps = actionSteps(YAML.parse(text));
      for (const step of steps) checkStep(step, where, action);
      if (where.startsWith('README')) readmeSteps += steps.length;
      else exampleSteps += steps.length;
    }
    // The README shows the action in the quick start, per registry and in both migrations.
    expect(readmeSteps).toBeGreaterThanOrEqual(7);
    expect(exampleSteps).toBeGreaterThanOrEqual(5);
  });

  it('catch a snippet that leaves out charts or names an unknown input', async () => {
    const action = YAML.parse(await read('action.yml')) as ActionYml;
    const check = (text: string): void => {
      for (const step of actionSteps(YAML.parse(text))) checkStep(step, 'probe', action);
    };
    const matrix = `
strategy: { matrix: { namespace: [team-a] } }
steps:
  - uses: OWNER/helm-publish@v1
    with: { instance: my-tcr, namespaces: '\${{ matrix.namespace }}' }`;
    expect(() => check(matrix)).toThrow(/charts/);
    expect(() => check(`- { uses: OWNER/helm-publish@v1, with: { charts: x, repo: y } }`)).toThrow(
      /repo/,
    );
    const ghcr = `- uses: ./\n  with: { charts: c, repo-url: 'oci://ghcr.io/o', username: u, password: p }`;
    expect(() => check(ghcr)).toThrow(/packages: write/);
    expect(() => actionSteps(YAML.parse('- uses: OWNER/helm-publish'))).toThrow(/OWNER/);
  });
});

describe('CLI command lines', () => {
  it('use only flags the CLI lists in --help', async () => {
    const flags = helpFlags(helpText());
    const shells = [
      ...fences(await read('README.md'))
        .filter((f) => f.lang === 'sh' || f.lang === 'bash')
        .map((f) => ({ where: `README.md:${String(f.line)}`, text: f.body })),
      {
        where: 'examples/gitlab',
        text: gitlabScripts(await read('examples/gitlab/.gitlab-ci.yml')),
      },
      {
        where: 'examples/jenkins',
        text: jenkinsScripts(await read('examples/jenkins/Jenkinsfile')),
      },
    ];
    let commands = 0;
    for (const { where, text } of shells) {
      for (const used of cliInvocations(text)) {
        commands++;
        for (const flag of used) expect([...flags], `${where}: --${flag}`).toContain(flag);
      }
    }
    expect(commands).toBeGreaterThanOrEqual(6);
  });

  it('catch a flag the CLI does not have', () => {
    const [flags = []] = cliInvocations("printf x | npx --yes helm-publish@1 \\\n  --chart 'c/*'");
    expect(flags).toEqual(['chart']);
    expect([...helpFlags(helpText())]).not.toContain('chart');
    expect(cliInvocations('npm install --global helm-publish # --not-a-flag')).toEqual([[]]);
  });
});
