import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { PublishError, errorMessage } from '../errors.js';
import { chartArchivesIn } from '../helm/archive.js';
import type { Helm } from '../helm/cli.js';
import { packageCommand } from '../helm/commands.js';
import type { ChartArchive, ChartDirectory, ChartSource } from '../types/plan.js';
import type { Settings } from '../types/settings.js';
import { mapLimit } from '../util/concurrency.js';
import { sharedOrEachAlone, shareGroups } from '../util/groups.js';
import { sha256 } from '../util/hash.js';
import { appendTo } from '../util/lists.js';

/** What goes out for each chart of the plan, before it is paired with a target. */
export type Packages = Map<ChartSource, Omit<ChartArchive, 'job'> | Omit<ChartDirectory, 'job'>>;

/** One `helm package` process: the directories it packaged into `destination`, or why not. */
type PackagingRun = { dirs: string[]; destination: string } | { dirs: string[]; error: unknown };

/** What the repository stores a chart as, and what `helm package` names it. */
const archiveName = (chart: ChartSource): string => `${chart.name}-${chart.version}.tgz`;

/**
 * Packages every chart once, so every target gets the same bytes; `.tgz` inputs and directories
 * `needsPackaging` skips go out as they are. The first failure, in plan order, throws.
 */
export async function packageCharts(
  charts: ChartSource[],
  needsPackaging: (chart: ChartSource) => boolean,
  helm: Helm,
  settings: Settings,
): Promise<Packages> {
  const packaged = charts.filter((c) => c.kind === 'dir' && needsPackaging(c));
  const runs = await runHelmPackage(
    packaged.map((c) => c.path),
    helm,
    settings,
  );
  const runOf = new Map(runs.flatMap((r) => r.dirs.map((dir) => [dir, r] as const)));
  const packages: Packages = new Map();
  const chartsOf = new Map<string, ChartSource[]>();
  for (const chart of charts) {
    if (chart.kind === 'tgz') continue;
    const run = runOf.get(chart.path);
    if (run === undefined) {
      packages.set(chart, directory(chart, settings));
      continue;
    }
    if ('error' in run) throw withPackagingHint(run.error, settings);
    appendTo(chartsOf, run.destination, chart);
  }
  for (const [destination, group] of chartsOf) {
    const produced = await chartArchivesIn(destination, group.map(archiveName));
    for (const chart of group) {
      const file = produced.get(archiveName(chart));
      if (file === undefined)
        throw new PublishError(`helm package produced no archive for ${chart.path}`);
      packages.set(chart, await archive(chart, file));
    }
  }
  for (const chart of charts)
    if (chart.kind === 'tgz') packages.set(chart, await archive(chart, chart.path));
  return packages;
}

function directory(chart: ChartSource, settings: Settings): Omit<ChartDirectory, 'job'> {
  return {
    kind: 'directory',
    dir: chart.path,
    fileName: archiveName(chart),
    version: settings.version,
    appVersion: settings.appVersion,
  };
}

async function archive(chart: ChartSource, file: string): Promise<Omit<ChartArchive, 'job'>> {
  const bytes = await readFile(file);
  return {
    kind: 'archive',
    file,
    bytes,
    digest: sha256(bytes),
    fileName: archiveName(chart),
    provenance: chart.provenance !== undefined ? await readFile(chart.provenance) : undefined,
  };
}

/**
 * Several directories per `helm package` process (the overrides are the same for all); a failed
 * shared run is retried one directory at a time to name the culprit. Never rejects.
 */
async function runHelmPackage(
  dirs: string[],
  helm: Helm,
  settings: Settings,
): Promise<PackagingRun[]> {
  const processes = packagingProcesses(
    settings.parallel,
    settings.dependencyUpdate,
    availableParallelism(),
  );
  const size = Math.max(1, Math.ceil(dirs.length / processes));
  const groups = shareGroups(
    dirs,
    () => '',
    (dir) => dir,
    size,
  );
  const run = (group: string[], destination: string): Promise<unknown> =>
    helm.run(
      packageCommand(helm, group, destination, {
        version: settings.version,
        appVersion: settings.appVersion,
        dependencyUpdate: settings.dependencyUpdate,
      }),
      `packaging ${group.map((dir) => path.basename(dir)).join(', ')}`,
    );
  const perGroup = await mapLimit(groups, processes, async (group, index) => {
    const destination = path.join(helm.home.workDir, 'packages', String(index));
    const done: PackagingRun[] = [];
    await sharedOrEachAlone(
      group,
      async () => {
        await run(group, destination);
        done.push({ dirs: group, destination });
      },
      async (dir, i) => {
        await run([dir], `${destination}-${String(i)}`);
        done.push({ dirs: [dir], destination: `${destination}-${String(i)}` });
      },
      (dir, error) => done.push({ dirs: [dir], error }),
    );
    return done;
  });
  return perGroup.flat();
}

/**
 * How many `helm package` processes run side by side: with `dependency-update` Helm downloads,
 * so up to `parallel`; without, it is CPU work, so one core is left to the action.
 */
export function packagingProcesses(
  parallel: number,
  dependencyUpdate: boolean,
  cores: number,
): number {
  return dependencyUpdate ? parallel : Math.min(parallel, Math.max(1, cores - 1));
}

/** Adds the fix to Helm's complaint about dependencies that are not in charts/. */
function withPackagingHint(error: unknown, settings: Settings): unknown {
  const message = errorMessage(error);
  if (!/missing in charts\/ directory/.test(message) || settings.dependencyUpdate) return error;
  return new PublishError(
    `${message}: set \`dependency-update: true\` to fetch the chart's dependencies before packaging, or commit them under charts/`,
    { cause: error },
  );
}
