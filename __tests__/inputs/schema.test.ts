// The input schema is the one list of inputs: action.yml must declare exactly it, and the CLI
// and the docs table are made from it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/flags.js';
import { inputsMarkdownTable } from '../../src/inputs/docs.js';
import { INPUTS } from '../../src/inputs/schema.js';
import { REPO_ROOT } from '../../test/support/fixtures.js';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}

const actionInputs = async (): Promise<Record<string, ActionInput>> =>
  (
    YAML.parse(await readFile(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, ActionInput>;
    }
  ).inputs;

describe('the input schema', () => {
  it('is what action.yml declares: names in order, defaults, descriptions, none required', async () => {
    const declared = await actionInputs();
    expect(Object.keys(declared)).toEqual(INPUTS.map((spec) => spec.name));
    for (const spec of INPUTS) {
      const input = declared[spec.name];
      expect(input?.description, spec.name).toBe(spec.description);
      expect(input?.default ?? '', spec.name).toBe(spec.default);
      expect(input?.required, spec.name).toBe(false);
    }
  });

  it('gives --help one line per input: its flag, its help and its default', () => {
    const help = helpText();
    for (const spec of INPUTS) {
      const flag = spec.secret?.stdinFlag ?? spec.flag ?? spec.name;
      const line = help.split('\n').find((l) => l.trimStart().match(new RegExp(`^--${flag}[ ,]`)));
      expect(line, spec.name).toContain(spec.help);
      if (spec.default !== '') expect(line).toContain(`[${spec.default}]`);
    }
  });

  it('makes a Markdown table with a row per input in order', () => {
    const rows = inputsMarkdownTable()
      .trimEnd()
      .split('\n')
      .slice(2)
      .map((line) => line.split(' | ')[0]?.replace(/^\| `|`$/g, ''));
    expect(rows).toEqual(INPUTS.map((spec) => spec.name));
    expect(inputsMarkdownTable()).toContain('| `version` |  | Chart version override');
  });
});
