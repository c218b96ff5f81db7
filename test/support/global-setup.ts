// Vitest global setup: real Helm binaries, a get.helm.sh-style mirror and helm-push releases, all
// under .cache/ at the well-known paths exported by test/support/fixtures.ts. Warm runs only check
// that files exist and rebuild the tiny plugin archives.
import {
  HELM_MIRROR_DIR,
  HELM_PUSH_MIRROR_DIR,
  TEST_HELM_VERSIONS,
  TEST_PLUGIN_VERSIONS,
} from './fixtures.js';
import { ensureHelmBinary } from './helm-binaries.js';
import { buildHelmMirror } from './helm-mirror.js';
import { buildPluginRelease } from './plugin-release.js';

export default async function setup(): Promise<void> {
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
}
