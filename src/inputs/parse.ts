import semver from 'semver';
import { ociCompatibilityProblems } from '../helm/compat.js';
import type { Settings } from '../types/settings.js';
import { InputReader } from './reader.js';
import type { InputGetter } from './schema.js';
import { readChartOptions, readRunOptions } from './sections/chart-options.js';
import { accessTokenProblems, readCredentials } from './sections/credentials.js';
import { readHelm } from './sections/helm.js';
import { readRepository } from './sections/repository.js';

export interface ParsedInputs {
  settings?: Settings;
  problems: string[];
  warnings: string[];
}

/**
 * Typed settings from action inputs or CLI flags. Parsing is pure: it reads through a getter and
 * returns every problem at once, so the user fixes all of them in one go.
 */
export function parseInputs(get: InputGetter): ParsedInputs {
  const r = new InputReader(get);
  const settings: Settings = {
    ...readRepository(r),
    ...readCredentials(r),
    ...readHelm(r),
    ...readChartOptions(r),
    ...readRunOptions(r),
  };
  const problems = [...r.problems, ...crossProblems(settings)];
  const { warnings } = r;
  return problems.length > 0 ? { problems, warnings } : { settings, problems, warnings };
}

/** Problems that only a combination of sections shows. */
function crossProblems(settings: Settings): string[] {
  const problems = accessTokenProblems(settings);
  const { helmVersion } = settings;
  if (settings.pushMethod === 'oci' && helmVersion.kind === 'exact') {
    const v = helmVersion.version;
    const parsed = { major: semver.major(v), minor: semver.minor(v) };
    problems.push(...ociCompatibilityProblems(parsed, `\`helm-version\` is ${v}`, settings));
  }
  return problems;
}
