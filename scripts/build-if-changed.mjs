// `npm run demo` starts here: rebuild dist/ (ncc, tens of seconds) and the
// compiled scripts under .cache/build (tsc) only when a file they are made from is newer than
// what was built last. A plain mtime check: a fresh checkout or an edit rebuilds, a rerun does not.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

/** Newest modification time of the files (or of every file under the folders) given. */
function newest(paths) {
  let time = 0;
  for (const p of paths.map((q) => path.join(root, q))) {
    if (!existsSync(p)) continue;
    const files = statSync(p).isDirectory()
      ? readdirSync(p, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
      : [p];
    for (const file of files) time = Math.max(time, statSync(file).mtimeMs);
  }
  return time;
}

/** Oldest modification time of the outputs; 0 when one is missing. */
function oldest(paths) {
  const times = paths
    .map((p) => path.join(root, p))
    .map((p) => (existsSync(p) ? statSync(p).mtimeMs : 0));
  return Math.min(...times);
}

function step(name, outputs, inputs, command) {
  if (oldest(outputs) > newest(inputs)) {
    console.log(`${name}: up to date, not rebuilt`);
    return;
  }
  console.log(`${name}: sources changed, rebuilding`);
  execFileSync(process.execPath, command, { cwd: root, stdio: 'inherit' });
}

const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
step(
  'dist/',
  ['dist/index.js', 'dist/engine.js', 'dist/cli.js', 'dist/post.js'],
  ['src', 'scripts/build.mjs', 'package-lock.json', 'tsconfig.json'],
  [path.join(root, 'scripts', 'build.mjs')],
);
step(
  '.cache/build',
  ['.cache/build/scripts/demo.js'],
  ['src', 'scripts', 'bench', 'test/support', 'tsconfig.json', 'tsconfig.scripts.json'],
  [tsc, '-p', 'tsconfig.scripts.json'],
);
