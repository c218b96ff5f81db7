// The hand-written glob against Node 24's fs.glob, which the tests run on: same tree, same answers.
import { glob, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandBraces, expandGlob } from '../../src/util/glob.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'glob-'));
  const files = [
    'charts/hello/Chart.yaml',
    'charts/greeter/Chart.yaml',
    'charts/.hidden/Chart.yaml',
    'charts/README.md',
    'charts/a1/Chart.yaml',
    'charts/b2/Chart.yaml',
    'charts/c[x]/Chart.yaml',
    'packaged/hello-1.0.0.tgz',
    'packaged/greeter-2.0.0.tgz',
    'packaged/notes.txt',
    'deep/one/two/x/Chart.yaml',
    'deep/.git/y/Chart.yaml',
  ];
  for (const file of files) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), 'x');
  }
  // A link loop must not hang `**`.
  await symlink('..', path.join(root, 'deep', 'one', 'loop'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function nodeGlob(pattern: string): Promise<string[]> {
  const out: string[] = [];
  for await (const match of glob(pattern, { cwd: root })) out.push(path.resolve(root, match));
  return out.sort();
}

describe('expandGlob', () => {
  it.each([
    'charts/*',
    'charts/*/Chart.yaml',
    'charts/?1',
    'charts/[ab]?',
    'charts/[!a]?',
    'charts/{hello,greeter}',
    'packaged/*.tgz',
    'packaged/{hello,greeter}-*.tgz',
    'charts/.h*',
    'deep/**/Chart.yaml',
    '**/x',
    'charts/nothing-*',
    'missing/*',
    './charts/h*',
  ])('%s matches what fs.glob matches', async (pattern) => {
    expect(await expandGlob(pattern, root)).toEqual(await nodeGlob(pattern));
  });

  it('takes absolute patterns', async () => {
    expect(await expandGlob(path.join(root, 'charts', 'h*'), '/')).toEqual([
      path.join(root, 'charts', 'hello'),
    ]);
  });

  it('escapes a wildcard with a backslash', async () => {
    expect(await expandGlob('charts/c\\[x]', root)).toEqual([path.join(root, 'charts', 'c[x]')]);
  });
});

describe('expandBraces', () => {
  it('expands nested alternatives and leaves a brace without a comma alone', () => {
    expect(expandBraces('a{b,c{d,e}}f')).toEqual(['abf', 'acdf', 'acef']);
    expect(expandBraces('x{y}z')).toEqual(['x{y}z']);
  });
});
