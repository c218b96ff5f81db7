// Bundles the three entry points with @vercel/ncc into dist/ (committed; CI checks it is fresh).
// Modules loaded only on first use (tar, @actions/tool-cache) become chunk files next to the
// entries; dist/licenses.txt lists every bundled package and what it bundles in turn.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const ncc = path.join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');
const entries = {
  index: 'src/main.ts',
  run: 'src/run.ts',
  post: 'src/post.ts',
  cli: 'src/cli.ts',
};
const dist = path.join(root, 'dist');
const work = mkdtempSync(path.join(tmpdir(), 'helm-publish-build-'));

/** Package names under node_modules that webpack's stats list as bundled modules. */
function bundledPackages(statsFile) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const names = new Set();
  const walk = (modules) => {
    for (const m of modules ?? []) {
      walk(m.modules);
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m.name ?? '');
      if (match) names.add(match[1]);
    }
  };
  walk(stats.modules);
  return names;
}

/** Adds each package's production dependencies (tar, for one, ships them pre-bundled). */
function withDependencies(names) {
  const all = new Set();
  const visit = (name) => {
    if (all.has(name)) return;
    all.add(name);
    const manifest = JSON.parse(
      readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8'),
    );
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
  };
  for (const name of names) visit(name);
  return [...all].sort();
}

function licenseText(name) {
  const dir = path.join(root, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const text = file !== undefined ? readFileSync(path.join(dir, file), 'utf8').trim() : '';
  return `${name}\n${manifest.license ?? 'UNKNOWN'}\n${text}\n`;
}

try {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist);
  const packages = new Set();
  for (const [name, entry] of Object.entries(entries)) {
    const out = path.join(work, name);
    const stats = path.join(work, `${name}.stats.json`);
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
        '--stats-out',
        stats,
        '--quiet',
      ],
      { stdio: 'inherit', cwd: root },
    );
    for (const pkg of bundledPackages(stats)) packages.add(pkg);
    cpSync(path.join(out, 'index.js'), path.join(dist, `${name}.js`));
    // Chunks are named by module id: entries that share a chunk must get the same bytes.
    for (const chunk of readdirSync(out).filter((f) => /^\d+\.index\.js$/.test(f))) {
      const target = path.join(dist, chunk);
      const bytes = readFileSync(path.join(out, chunk));
      if (existsSync(target) && !readFileSync(target).equals(bytes))
        throw new Error(`chunk ${chunk} differs between entries; cannot share dist/`);
      writeFileSync(target, bytes);
    }
  }
  writeFileSync(
    path.join(dist, 'licenses.txt'),
    withDependencies(packages).map(licenseText).join('\n'),
  );
  const cli = path.join(dist, 'cli.js');
  const text = readFileSync(cli, 'utf8');
  if (!text.startsWith('#!')) writeFileSync(cli, `#!/usr/bin/env node\n${text}`);
  chmodSync(cli, 0o755);
  writeFileSync(path.join(dist, 'package.json'), '{ "type": "module" }\n');
} finally {
  rmSync(work, { recursive: true, force: true });
}
