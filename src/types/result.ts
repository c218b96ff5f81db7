/** What a run reports: one result per chart × target, and progress events while it runs. */

/**
 * `not-attempted`: never pushed because another job's check (or an earlier 401) stopped the run;
 * the result's `error` names that blocker.
 */
export type Status = 'pushed' | 'overwritten' | 'skipped' | 'dry-run' | 'failed' | 'not-attempted';

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
  | 'pushing'
  | 'pushed'
  | 'verified'
  | 'unverified'
  | 'fetched'
  | 'skipped'
  | 'failed'
  | 'not-attempted';

export interface JobEvent {
  stage: Stage;
  result: Readonly<ChartResult>;
}

/** A namespace's verification or fetch-back starting, ending, or still waiting (a heartbeat). */
export interface TargetEvent {
  stage: 'target';
  step: 'verify' | 'fetch-back';
  phase: 'start' | 'end' | 'waiting';
  /** The namespace, or the repository URL without one. */
  where: string;
  charts: number;
  /** Seconds since the step started. */
  seconds: number;
}

export type ProgressEvent = JobEvent | TargetEvent;
