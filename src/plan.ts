import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError, errorMessage } from './errors.js';
import { isSemVer2, resolveRepoUrl } from './inputs.js';
import { repackagesArchives } from './repo/factory.js';
import type { ChartSource, Plan, PublishJob, Target } from './types/plan.js';
import type { Settings } from './types/settings.js';
import { expandGlob } from './util/glob.js';

/**
 * The plan: charts × namespaces, read before anything is downloaded or sent. Every problem with
 * the charts is collected so that the user sees them all at once.
 */

const GLOB_CHARS = /[*?[\]{}]/;

/** The charts `charts` names, found on disk but not yet read; `problems` lists what is wrong. */
export interface LocatedCharts {
  found: FoundChart[];
  problems: string[];
}

export async function locateCharts(patterns: string[], cwd: string): Promise<LocatedCharts> {
  const problems: string[] = [];
  const found = await findCharts(patterns, cwd, problems);
  return { found, problems };
}

/** Where each namespace's charts go: one target per namespace (or the one `repo-url`). */
function planTargets(settings: Settings): Target[] {
  const namespaces = settings.namespaces.length > 0 ? settings.namespaces : [''];
  return namespaces.map((namespace) => ({
    namespace,
    repoUrl: resolveRepoUrl(settings.repoUrl, namespace === '' ? undefined : namespace),
  }));
}

/**
 * Reads every located chart's Chart.yaml and builds the jobs. Throws one InputError with every
 * problem, those found while locating included.
 */
export async function readPlan(
  located: LocatedCharts,
  settings: Settings,
  cwd: string,
): Promise<Plan> {
  const problems = [...located.problems];
  const charts: ChartSource[] = [];
  for (const entry of located.found) {
    try {
      charts.push(await readChart(entry, settings));
    } catch (error) {
      problems.push(errorMessage(error));
    }
  }
  const seen = new Map<string, string>();
  for (const chart of charts) {
    const key = `${chart.name}@${chart.version}`;
    const other = seen.get(key);
    if (other !== undefined) {
      problems.push(
        `${relative(cwd, chart.path)} and ${relative(cwd, other)} are both chart ${chart.name} ${chart.version}: publish each version once`,
      );
    }
    seen.set(key, chart.path);
  }
  if (problems.length > 0) throw new InputError(problems);

  const targets = planTargets(settings);
  const jobs: PublishJob[] = charts.flatMap((chart) =>
    targets.map((target) => ({ chart, target })),
  );
  return { charts, targets, jobs };
}

export interface FoundChart {
  path: string;
  kind: 'dir' | 'tgz';
}

async function findCharts(
  patterns: string[],
  cwd: string,
  problems: string[],
): Promise<FoundChart[]> {
  const found = new Map<string, FoundChart>();
  for (const pattern of patterns) {
    if (GLOB_CHARS.test(pattern)) {
      let matched = 0;
      for (const full of await expandGlob(pattern, cwd)) {
        const kind = await chartKind(full);
        // A glob such as charts/* also matches READMEs and helper folders: only charts count.
        if (kind === undefined) continue;
        matched++;
        found.set(full, { path: full, kind });
      }
      if (matched === 0) {
        problems.push(
          `no chart found for \`charts\` pattern "${pattern}": it matched no directory with a Chart.yaml and no .tgz`,
        );
      }
      continue;
    }
    const full = path.resolve(cwd, pattern);
    let isDir: boolean;
    try {
      isDir = (await stat(full)).isDirectory();
    } catch {
      problems.push(`no chart found at "${pattern}": the path does not exist`);
      continue;
    }
    if (isDir) {
      if (!existsSync(path.join(full, 'Chart.yaml'))) {
        problems.push(
          `"${pattern}" is a directory without Chart.yaml: point \`charts\` at a chart directory or a .tgz`,
        );
        continue;
      }
      found.set(full, { path: full, kind: 'dir' });
    } else if (full.endsWith('.tgz') || full.endsWith('.tar.gz')) {
      found.set(full, { path: full, kind: 'tgz' });
    } else {
      problems.push(`"${pattern}" is neither a chart directory nor a packaged chart (.tgz)`);
    }
  }
  if (found.size === 0 && problems.length === 0) {
    problems.push(`no chart found for \`charts\`: ${patterns.join(', ')}`);
  }
  return [...found.values()];
}

async function chartKind(full: string): Promise<'dir' | 'tgz' | undefined> {
  try {
    const s = await stat(full);
    if (s.isDirectory()) return existsSync(path.join(full, 'Chart.yaml')) ? 'dir' : undefined;
    if (s.isFile() && (full.endsWith('.tgz') || full.endsWith('.tar.gz'))) return 'tgz';
  } catch {
    // A dangling link in a glob is not a chart.
  }
  return undefined;
}

async function readChart(found: FoundChart, settings: Settings): Promise<ChartSource> {
  const { text, where } =
    found.kind === 'dir'
      ? await readDirChartYaml(found.path)
      : { text: await readChartYamlFromTgz(found.path), where: found.path };
  const meta = parseChartYaml(await loadYaml(), text, where);

  if (found.kind === 'tgz') {
    if (settings.version !== undefined || settings.appVersion !== undefined) {
      throw new Error(
        `${where}: \`version\`/\`app-version\` cannot change a packaged chart (.tgz); point \`charts\` at the chart directory or remove the overrides`,
      );
    }
    if (!isSemVer2(meta.version)) {
      throw new Error(`${where}: chart version "${meta.version}" is not SemVer 2`);
    }
    const prov = `${found.path}.prov`;
    if (repackagesArchives(settings) && existsSync(prov)) {
      // A chart packaged again would never match the signature.
      throw new Error(
        `${prov}: helm-push re-packages charts before uploading, so the stored archive would not match this signature: set \`push-method: http\` to upload the chart with its .prov, or remove the .prov`,
      );
    }
    return {
      path: found.path,
      kind: 'tgz',
      name: meta.name,
      version: meta.version,
      chartYaml: found.path,
      appVersion: meta.appVersion,
      provenance: existsSync(prov) ? prov : undefined,
    };
  }
  const version = settings.version ?? meta.version;
  if (!isSemVer2(version)) {
    throw new Error(
      `${where}: version "${version}" is not SemVer 2: fix Chart.yaml or set input \`version\``,
    );
  }
  const appVersion = settings.appVersion ?? meta.appVersion;
  const declaresDependencies =
    meta.dependencies || existsSync(path.join(found.path, 'requirements.yaml'));
  return {
    path: found.path,
    kind: 'dir',
    name: meta.name,
    version,
    chartYaml: where,
    appVersion,
    declaresDependencies: declaresDependencies ? true : undefined,
  };
}

async function readDirChartYaml(dir: string): Promise<{ text: string; where: string }> {
  const where = path.join(dir, 'Chart.yaml');
  try {
    return { text: await readFile(where, 'utf8'), where };
  } catch (error) {
    throw new Error(`cannot read ${where}: ${errorMessage(error)}`);
  }
}

interface ChartMeta {
  name: string;
  version: string;
  appVersion?: string;
  /** Whether `dependencies` lists any. */
  dependencies: boolean;
}

type Yaml = typeof import('yaml');
let yaml: Promise<Yaml> | undefined;

/** Loaded on first use: the plan is read while `helm package` runs, not before it starts. */
function loadYaml(): Promise<Yaml> {
  return (yaml ??= import('yaml'));
}

export function parseChartYaml(YAML: Yaml, text: string, where: string): ChartMeta {
  let doc: unknown;
  try {
    // failsafe keeps every scalar a string: `version: 1.10` stays "1.10".
    doc = YAML.parse(text, { schema: 'failsafe' });
  } catch (error) {
    throw new Error(`${where} is not valid YAML: ${firstLine(errorMessage(error))}`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new Error(`${where} is not a Chart.yaml: expected a mapping with name and version`);
  }
  const record = doc as Record<string, unknown>;
  const name = record.name;
  const version = record.version;
  const missing = [
    typeof name === 'string' && name !== '' ? undefined : 'name',
    typeof version === 'string' && version !== '' ? undefined : 'version',
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0) throw new Error(`${where} has no ${missing.join(' or ')}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name as string)) {
    throw new Error(`${where}: chart name "${name as string}" is not valid`);
  }
  const appVersion = record.appVersion;
  return {
    name: name as string,
    version: version as string,
    ...(typeof appVersion === 'string' && appVersion !== '' && { appVersion }),
    dependencies: Array.isArray(record.dependencies) && record.dependencies.length > 0,
  };
}

/** Reads `<chart>/Chart.yaml` from a packaged chart without unpacking it to disk. */
export async function readChartYamlFromTgz(file: string): Promise<string> {
  let text: string | undefined;
  // Loaded on first use: chart directories, the common case, never need tar.
  const tar = await import('tar');
  try {
    await tar.t({
      file,
      onReadEntry: (entry) => {
        const parts = entry.path.split('/');
        if (text === undefined && parts.length === 2 && parts[1] === 'Chart.yaml') {
          const chunks: Buffer[] = [];
          entry.on('data', (c: Buffer) => chunks.push(c));
          entry.on('end', () => {
            text = Buffer.concat(chunks).toString('utf8');
          });
        } else {
          entry.resume();
        }
      },
    });
  } catch (error) {
    throw new Error(`${file} is not a readable chart archive: ${errorMessage(error)}`);
  }
  if (text === undefined)
    throw new Error(`${file} has no <chart>/Chart.yaml: is it a Helm chart package?`);
  return text;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function relative(cwd: string, p: string): string {
  return path.relative(cwd, p) || '.';
}
