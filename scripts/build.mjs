// Bundles the entry points with @vercel/ncc into dist/ (committed; CI checks it is fresh).
// dist/index.js (the action) and dist/cli.js are small loaders of one bundle, dist/engine.js.
// Modules loaded only on first use (tar, @actions/tool-cache, yaml) become chunk files next to
// it; dist/licenses.txt lists every bundled package and what it bundles in turn.
//
// tsconfig.json's `paths` replace @actions/http-client in the bundle with
// src/bundle/http-client-stub.ts. @actions/core imports it, and with it all of undici, at load
// time only for getIDToken (OIDC), and @actions/tool-cache only for downloadTool; helm-publish
// calls neither, and sends its own requests with Node's http and https (src/http/client.ts).
// Evaluating undici was a third of every start-up. The stub throws if used.
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
  engine: 'src/engine.ts',
  post: 'src/post.ts',
  cli: 'src/cli.ts',
};
const dist = path.join(root, 'dist');
/** Packages the bundle must load only on first use: each costs start-up time if evaluated. */
const LAZY_PACKAGES = ['tar', '@actions/tool-cache', 'yaml'];
/** Packages the bundle must not hold at all (undici would come back with @actions/http-client). */
const EXCLUDED = ['undici'];
/** Packages tsconfig.json's `paths` replace: not bundled, so not in licenses.txt. */
const replaced = new Set(
  Object.keys(
    JSON.parse(readFileSync(path.join(root, 'tsconfig.json'), 'utf8')).compilerOptions.paths ?? {},
  ).map(packageName),
);
const work = mkdtempSync(path.join(tmpdir(), 'helm-publish-build-'));

function packageName(request) {
  return /^(?:@[^/]+\/)?[^/]+/.exec(request)[0];
}

/**
 * The packages under node_modules that webpack's stats list as bundled modules, and which of
 * them are in an entry's initial chunk (evaluated at start-up, or at least parsed).
 */
function bundledPackages(statsFile) {
  const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  const initialChunks = new Set(stats.chunks.filter((c) => c.initial).map((c) => c.id));
  const all = new Set();
  const initial = new Set();
  const walk = (modules, chunks) => {
    for (const m of modules ?? []) {
      // Modules concatenated into another have no chunks of their own: they share its chunks.
      const own = m.chunks?.length ? m.chunks : chunks;
      walk(m.modules, own);
      const match = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(m.name ?? '');
      if (!match) continue;
      all.add(match[1]);
      if (own.some((c) => initialChunks.has(c))) initial.add(match[1]);
    }
  };
  walk(stats.modules, []);
  return { all, initial };
}

/** Adds each package's production dependencies (tar, for one, ships them pre-bundled). */
function withDependencies(names) {
  const all = new Set();
  const visit = (name) => {
    if (all.has(name) || replaced.has(name)) return;
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
    const bundled = bundledPackages(stats);
    for (const pkg of bundled.all) packages.add(pkg);
    for (const pkg of [...replaced, ...EXCLUDED, ...LAZY_PACKAGES]) {
      const excluded = replaced.has(pkg) || EXCLUDED.includes(pkg);
      if (excluded ? bundled.all.has(pkg) : bundled.initial.has(pkg))
        throw new Error(
          `${entry} ${excluded ? 'bundles' : 'loads at start-up'} ${pkg}; see the top of build.mjs`,
        );
    }
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
