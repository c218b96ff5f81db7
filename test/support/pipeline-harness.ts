// Runs the engine's pipeline in-process against the fake publisher: a plan of charts × namespaces
// with one archive per chart, for tests of the engine's policies and progress.
import type { Packages } from '../../src/engine/packaging.js';
import { runPipeline, type PipelineContext } from '../../src/engine/pipeline.js';
import { silentLogger } from '../../src/logger.js';
import type { ChartSource, Plan, Target } from '../../src/types/plan.js';
import type { ChartResult, ProgressEvent } from '../../src/types/result.js';
import type { Settings } from '../../src/types/settings.js';
import { FakePublisher, type FakeOptions } from './fake-publisher.js';

export const digestOf = (name: string): string =>
  name.charCodeAt(0).toString(16).padStart(2, '0').repeat(32);

export const repoOf = (namespace: string, scheme = 'https'): string =>
  scheme === 'oci' ? `oci://reg.test/${namespace}` : `https://repo.test/chartrepo/${namespace}`;

export function planFor(charts: string[], namespaces: string[], scheme = 'https'): Plan {
  const sources: ChartSource[] = charts.map((name) => ({
    path: `/charts/${name}`,
    kind: 'tgz',
    name,
    version: '1.0.0',
    chartYaml: `/charts/${name}/Chart.yaml`,
  }));
  const targets: Target[] = namespaces.map((namespace) => ({
    namespace,
    repoUrl: repoOf(namespace, scheme),
  }));
  return {
    charts: sources,
    targets,
    jobs: sources.flatMap((chart) => targets.map((target) => ({ chart, target }))),
  };
}

function packagesOf(plan: Plan): Packages {
  return new Map(
    plan.charts.map((chart) => [
      chart,
      {
        kind: 'archive' as const,
        file: chart.path,
        bytes: Buffer.from(chart.name),
        digest: digestOf(chart.name),
        fileName: `${chart.name}-1.0.0.tgz`,
      },
    ]),
  );
}

export const SETTINGS: Settings = {
  charts: [],
  repoUrl: 'https://repo.test/chartrepo/{namespace}',
  namespaces: [],
  helmVersion: { kind: 'exact', version: 'v3.18.0' },
  helmMirror: '',
  pushMethod: 'http',
  helmPushMirror: '',
  ifExists: 'fail',
  verify: true,
  verifyTimeoutSeconds: 0.3,
  fetchBack: false,
  dependencyUpdate: false,
  parallel: 2,
  retries: 0,
  requestTimeoutSeconds: 5,
  insecure: false,
  plainHttp: false,
  dryRun: false,
  summary: false,
};

export interface HarnessRun {
  results: ChartResult[];
  publisher: FakePublisher;
  events: ProgressEvent[];
}

export async function runHarness(options: {
  settings?: Partial<Settings>;
  fake?: FakeOptions;
  charts?: string[];
  namespaces?: string[];
  scheme?: string;
  context?: Partial<PipelineContext>;
}): Promise<HarnessRun> {
  const plan = planFor(
    options.charts ?? ['alpha', 'beta'],
    options.namespaces ?? ['team-a', 'team-b'],
    options.scheme,
  );
  const publisher = new FakePublisher(options.fake);
  const events: ProgressEvent[] = [];
  const results = await runPipeline(plan, Promise.resolve(packagesOf(plan)), {
    settings: { ...SETTINGS, ...options.settings },
    publisher,
    logger: silentLogger,
    workDir: '/nonexistent',
    onProgress: (event) => events.push(event),
    ...options.context,
  });
  return { results, publisher, events };
}
