// Keeps the README and the examples in step with action.yml and the inputs the code accepts.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { INPUT_DEFAULTS } from '../../src/inputs.js';
import { REPO_ROOT } from '../../test/support/fixtures.js';

interface ActionYml {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, unknown>;
  runs: { using: string; main: string; post: string };
}

const action = async (): Promise<ActionYml> =>
  YAML.parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as ActionYml;

/** Rows of the Markdown table between two HTML comments: [first cell, second cell]. */
async function readmeTable(marker: string): Promise<string[][]> {
  const text = await readFile(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = text.slice(
    text.indexOf(`<!-- ${marker}:start -->`),
    text.indexOf(`<!-- ${marker}:end -->`),
  );
  return block
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replace(/^`|`$/g, '')),
    );
}

describe('action.yml', () => {
  it('runs on node24 with a post step', async () => {
    expect((await action()).runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/post.js',
    });
  });

  it('declares exactly the inputs the code reads, with the same defaults', async () => {
    const inputs = (await action()).inputs;
    expect(Object.keys(inputs)).toEqual(Object.keys(INPUT_DEFAULTS));
    for (const [name, def] of Object.entries(INPUT_DEFAULTS)) {
      expect(inputs[name]?.default ?? '', name).toBe(def);
    }
  });
});

describe('README', () => {
  it('lists every input in action.yml order with its default', async () => {
    const inputs = (await action()).inputs;
    const rows = await readmeTable('inputs');
    expect(rows.map((r) => r[0])).toEqual(Object.keys(inputs));
    for (const [name, def] of rows) {
      const expected = inputs[name ?? '']?.default ?? '';
      // helm-push-version documents its per-major default in words.
      if (name !== 'helm-push-version') expect(def, name).toBe(expected);
    }
  });

  it('lists every output', async () => {
    expect((await readmeTable('outputs')).map((r) => r[0])).toEqual(
      Object.keys((await action()).outputs),
    );
  });
});

describe('example workflows', () => {
  it('use only inputs of action.yml, with credentials in pairs and a repository', async () => {
    const inputs = (await action()).inputs;
    const dir = path.join(REPO_ROOT, 'examples', 'github');
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    let steps = 0;
    for (const file of files) {
      const doc = YAML.parse(await readFile(path.join(dir, file), 'utf8')) as {
        jobs: Record<string, { steps: Array<{ uses?: string; with?: Record<string, unknown> }> }>;
      };
      for (const job of Object.values(doc.jobs)) {
        for (const step of job.steps) {
          if (!step.uses?.startsWith('OWNER/helm-publish@')) continue;
          steps++;
          const given = Object.keys(step.with ?? {});
          for (const key of given) expect(Object.keys(inputs), `${file}: ${key}`).toContain(key);
          expect(given.includes('username'), file).toBe(given.includes('password'));
          expect(given.includes('repo-url') || given.includes('instance'), file).toBe(true);
        }
      }
    }
    expect(steps).toBeGreaterThanOrEqual(5);
  });
});
