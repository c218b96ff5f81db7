import semver from 'semver';
import type { ChartOptionSettings, RunOptionSettings } from '../../types/settings.js';
import type { InputReader } from '../reader.js';

/** What is published: the chart overrides and what to do when a version is there. */
export function readChartOptions(r: InputReader): ChartOptionSettings {
  const versionRaw = r.optional('version');
  const version = versionRaw?.replace(/^v/, '');
  if (versionRaw !== undefined && version !== undefined && !isSemVer2(version)) {
    r.problems.push(
      `input \`version\` must be a SemVer 2 version like 1.2.3 or v1.2.3 (from a tag), got "${versionRaw}"`,
    );
  }
  const appVersion = r.optional('app-version');
  const ifExists = r.choice('if-exists', ['fail', 'skip', 'overwrite'] as const, 'fail');
  const contextPath = r.optional('context-path');
  if (contextPath !== undefined && !contextPath.startsWith('/')) {
    r.problems.push(`input \`context-path\` must start with "/", got "${contextPath}"`);
  }
  return {
    ifExists,
    version,
    appVersion,
    contextPath: contextPath?.replace(/\/+$/, ''),
  };
}

export function readRunOptions(r: InputReader): RunOptionSettings {
  const caFile = r.optional('ca-file');
  const options: RunOptionSettings = {
    verify: r.bool('verify'),
    verifyTimeoutSeconds: r.seconds('verify-timeout'),
    fetchBack: r.bool('fetch-back'),
    dependencyUpdate: r.bool('dependency-update'),
    parallel: r.integer('parallel', 1),
    retries: r.integer('retries', 0),
    requestTimeoutSeconds: r.seconds('request-timeout'),
    insecure: r.bool('insecure'),
    plainHttp: r.bool('plain-http'),
    dryRun: r.bool('dry-run'),
    summary: r.bool('summary'),
    caFile,
  };
  if (options.insecure) {
    r.warnings.push('`insecure: true` turns off TLS certificate verification for the repository');
  }
  return options;
}

/** Strict SemVer 2, build metadata included (`semver.valid` drops `+build`, so compare raw). */
export function isSemVer2(version: string): boolean {
  return !/^[v=\s]/.test(version) && semver.parse(version, { loose: false })?.raw === version;
}
