// A `Helm` over one of the test binaries (test/support/helm-binaries.ts fetches them).
import { Helm } from '../../src/helm/cli.js';
import type { HelmHome } from '../../src/helm/home.js';
import { helmBinary, type TestHelmVersion } from './fixtures.js';
import { recordingLogger } from './logger.js';

export function testHelm(version: TestHelmVersion, home: HelmHome): Helm {
  const [major = 3, minor = 0] = version.slice(1).split('.').map(Number);
  return new Helm(
    { path: helmBinary(version), version, major, minor, fromCache: true },
    home,
    recordingLogger([]),
  );
}
