/** What a run reports: one result per chart × target, and progress events while it runs. */

export type Status = 'pushed' | 'overwritten' | 'skipped' | 'dry-run' | 'failed';

export interface ChartResult {
  chart: string;
  version: string;
  appVersion: string;
  namespace: string;
  repo: string;
  /** `sha256:<hex>` of the stored .tgz, or '' when unknown. */
  digest: string;
  /** OCI: the manifest digest `helm push` printed (what signatures and attestations name). */
  manifestDigest?: string;
  status: Status;
  verified: boolean;
  fetched: boolean;
  error?: string;
  /** The job's own time, from its first push attempt (or the check) to its last stage. */
  seconds: number;
  /** Where annotations point (Chart.yaml, or the .tgz). */
  chartYaml: string;
}

export interface PublishOutcome {
  results: ChartResult[];
  helm: { path: string; version: string };
}

export type Stage =
  'pushing' | 'pushed' | 'verified' | 'unverified' | 'fetched' | 'skipped' | 'failed';

export interface ProgressEvent {
  stage: Stage;
  result: Readonly<ChartResult>;
}
