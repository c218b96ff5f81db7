// Vitest global setup: real Helm binaries, a get.helm.sh-style mirror and helm-push releases, all
// under .cache/ at the well-known paths exported by test/support/fixtures.ts. Warm runs only check
// that files exist and rebuild the tiny plugin archives. Tests get a temp dir of their own, and
// the run fails if anything is left in it afterwards.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  HELM_MIRROR_DIR,
  HELM_PUSH_MIRROR_DIR,
  TEST_HELM_VERSIONS,
  TEST_PLUGIN_VERSIONS,
} from './fixtures.js';
import { ensureHelmBinary } from './helm-binaries.js';
import { buildHelmMirror } from './helm-mirror.js';
import { buildPluginRelease } from './plugin-release.js';

/**
 * Points TMPDIR (read by os.tmpdir() in the workers, which inherit it) at a fresh folder, and
 * returns the check that it is empty after the suite.
 */
function ownTempDir(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'helm-publish-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    const left = readdirSync(root);
    rmSync(root, { recursive: true, force: true });
    if (left.length > 0) {
      // A throw here is printed but leaves the exit code at 0.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} temporary folder(s) behind: ${left.sort().join(', ')}; ` +
          'remove them in afterAll/afterEach or make them with test/support/scratch.ts',
      );
    }
  };
}

export default async function setup(): Promise<() => void> {
  const teardown = ownTempDir();
  const started = performance.now();
  await Promise.all(TEST_HELM_VERSIONS.map((version) => ensureHelmBinary(version)));
  await buildHelmMirror(HELM_MIRROR_DIR, TEST_HELM_VERSIONS);
  await Promise.all(
    TEST_PLUGIN_VERSIONS.map((version) => buildPluginRelease(HELM_PUSH_MIRROR_DIR, version)),
  );
  const seconds = (performance.now() - started) / 1000;
  if (seconds > 2) {
    console.log(
      `test setup: Helm binaries, mirror and plugin releases ready in ${seconds.toFixed(1)} s`,
    );
  }
  return teardown;
}
