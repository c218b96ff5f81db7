import semver from 'semver';
import { brokenPluginProblem } from '../../helm/compat.js';
import type { HelmSettings, HelmVersionRequest } from '../../types/settings.js';
import type { InputReader } from '../reader.js';
import { INPUT_DEFAULTS, type InputName } from '../schema.js';
import { readMirror } from './mirrors.js';

export const DEFAULT_HELM_VERSION = INPUT_DEFAULTS['helm-version'];

const HELM_VERSION_PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

/** Which Helm and helm-push to install, and from where. */
export function readHelm(r: InputReader): HelmSettings {
  const helmVersion = readHelmVersion(r);
  const pinned = (pin: InputName): boolean => r.optional(pin) !== undefined;
  const helmMirror = readMirror(r, 'helm-mirror', 'helm-checksum', pinned('helm-checksum'));
  const helmChecksum = r.checksum('helm-checksum');
  const helmPushVersion = readPluginVersion(r);
  const helmPushMirror = readMirror(
    r,
    'helm-push-mirror',
    'helm-push-checksum',
    pinned('helm-push-checksum'),
  );
  const helmPushChecksum = r.checksum('helm-push-checksum');
  return {
    helmVersion,
    helmMirror,
    helmPushMirror,
    helmChecksum,
    helmPushVersion,
    helmPushChecksum,
  };
}

function readHelmVersion(r: InputReader): HelmVersionRequest {
  const raw = r.value('helm-version');
  if (raw === 'latest' || raw === '3' || raw === '4') return { kind: 'latest', channel: raw };
  const m = HELM_VERSION_PATTERN.exec(raw);
  if (!m || !['2', '3', '4'].includes(m[1] ?? '')) {
    r.problems.push(
      `input \`helm-version\` must be an exact Helm 2, 3 or 4 version like v3.18.0 (or latest, 3, 4), got "${raw}"`,
    );
    return { kind: 'exact', version: DEFAULT_HELM_VERSION };
  }
  return { kind: 'exact', version: `v${raw.replace(/^v/, '')}` };
}

function readPluginVersion(r: InputReader): string | undefined {
  const version = r.optional('helm-push-version')?.replace(/^v/, '');
  if (version === undefined) return undefined;
  if (semver.valid(version) === null) {
    r.problems.push(
      `input \`helm-push-version\` must be a release version like 0.10.4, got "${version}"`,
    );
  } else {
    const broken = brokenPluginProblem(version);
    if (broken !== undefined) r.problems.push(broken);
  }
  return version;
}
