// The plan as read from disk: which chart directories declare dependencies (those still go
// through `helm package` when the helm-push plugin packages the others itself).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputs, type InputName } from '../src/inputs.js';
import { locateCharts, readPlan } from '../src/plan.js';

let dir: string;

async function chart(name: string, chartYamlExtra: string, files: Record<string, string> = {}) {
  const at = path.join(dir, 'charts', name);
  await mkdir(at, { recursive: true });
  await writeFile(path.join(at, 'Chart.yaml'), `name: ${name}\nversion: 1.0.0\n${chartYamlExtra}`);
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(at, file), text);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'plan-'));
  await chart('plain', 'apiVersion: v2\n');
  await chart('empty-list', 'apiVersion: v2\ndependencies: []\n');
  await chart(
    'listed',
    'apiVersion: v2\ndependencies:\n  - name: common\n    version: 1.x\n    repository: https://example.com\n',
  );
  await chart('v1-requirements', 'apiVersion: v1\n', {
    'requirements.yaml': 'dependencies:\n  - name: common\n    version: 1.x\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('readPlan', () => {
  it('marks the chart directories that declare dependencies, in Chart.yaml or requirements.yaml', async () => {
    const inputs: Partial<Record<InputName, string>> = {
      charts: 'charts/*',
      'repo-url': 'https://r.example/charts',
    };
    const parsed = parseInputs((name) => inputs[name] ?? '');
    if (parsed.settings === undefined) throw new Error(parsed.problems.join('\n'));
    const plan = await readPlan(
      await locateCharts(parsed.settings.charts, dir),
      parsed.settings,
      dir,
    );
    expect(plan.charts.map((c) => [c.name, c.declaresDependencies ?? false])).toEqual([
      ['empty-list', false],
      ['listed', true],
      ['plain', false],
      ['v1-requirements', true],
    ]);
  });
});
