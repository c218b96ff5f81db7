/** The plan: every chart, every target, and the chart × target jobs (see src/plan.ts). */

export interface ChartSource {
  /** Chart directory or packaged .tgz, absolute. */
  path: string;
  kind: 'dir' | 'tgz';
  name: string;
  /** The version that will be published (override applied). */
  version: string;
  appVersion?: string;
  /** Chart.yaml lists dependencies (or a requirements.yaml exists): `helm package` checks them. */
  declaresDependencies?: true;
  /** The Chart.yaml to point annotations at (absolute for directories). */
  chartYaml: string;
  /** `<file>.prov` beside a packaged chart. */
  provenance?: string;
}

/** One repository a run publishes to: a namespace's resolved URL. */
export interface Target {
  repoUrl: string;
  namespace: string;
}

/** One chart to one target. */
export interface PublishJob {
  chart: ChartSource;
  target: Target;
}

export interface Plan {
  charts: ChartSource[];
  targets: Target[];
  jobs: PublishJob[];
}

/** A chart as it goes out: a packaged archive, or a directory the helm-push plugin packages. */
export type PackagedChart = ChartArchive | ChartDirectory;

interface OutgoingChart {
  job: PublishJob;
  /** What the repository stores it as: `<name>-<version>.tgz`. */
  fileName: string;
}

/** A .tgz, pushed as it is (the same bytes to every target). */
export interface ChartArchive extends OutgoingChart {
  kind: 'archive';
  file: string;
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`. */
  digest: string;
  provenance?: Buffer;
}

/** A chart directory the helm-push plugin packages itself, with the version overrides. */
export interface ChartDirectory extends OutgoingChart {
  kind: 'directory';
  dir: string;
  version?: string;
  appVersion?: string;
}
