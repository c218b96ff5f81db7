// Bundles the three entry points with @vercel/ncc into dist/ (committed; CI checks it is fresh).
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = { index: 'src/main.ts', post: 'src/post.ts', cli: 'src/cli.ts' };
const dist = path.join(root, 'dist');
const work = mkdtempSync(path.join(tmpdir(), 'helm-publish-build-'));
try {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist);
  for (const [name, entry] of Object.entries(entries)) {
    const out = path.join(work, name);
    execFileSync(
      process.execPath,
      [
        ncc,
        'build',
        path.join(root, entry),
        '--out',
        out,
        '--minify',
        '--transpile-only',
        '--license',
        'licenses.txt',
        '--quiet',
      ],
      { stdio: 'inherit', cwd: root },
    );
    cpSync(path.join(out, 'index.js'), path.join(dist, `${name}.js`));
    if (name === 'index') cpSync(path.join(out, 'licenses.txt'), path.join(dist, 'licenses.txt'));
  }
  const cli = path.join(dist, 'cli.js');
  const text = readFileSync(cli, 'utf8');
  if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
  writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
