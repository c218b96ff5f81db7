import type { PublishJob } from '../plan.js';

/**
 * What each push method (chart repository upload, helm-push plugin, OCI) provides to the
 * orchestrator. One publisher serves all namespaces of a run.
 */

/** A chart as it goes out: a packaged archive, or a directory the helm-push plugin packages. */
export type PackagedChart = ChartArchive | ChartDirectory;

interface OutgoingChart {
  job: PublishJob;
  /** What the repository stores it as: `<name>-<version>.tgz`. */
  fileName: string;
}

/** A .tgz, pushed as it is (the same bytes to every namespace). */
export interface ChartArchive extends OutgoingChart {
  kind: 'archive';
  file: string;
  bytes: Buffer;
  /** Hex SHA-256 of `bytes`. */
  digest: string;
  provenance?: Buffer;
}

/**
 * A chart directory handed to the helm-push plugin with the `version`/`app-version` overrides:
 * the plugin packages every chart itself before uploading (even a .tgz), so a `helm package`
 * before it would be work thrown away.
 */
export interface ChartDirectory extends OutgoingChart {
  kind: 'directory';
  dir: string;
  version?: string;
  appVersion?: string;
}

/** The archive a publisher that sends bytes needs; anything else is a bug in the orchestrator. */
export function archiveOf(item: PackagedChart): ChartArchive {
  if (item.kind === 'archive') return item;
  throw new Error(`${item.dir} was not packaged`);
}

/** Repository-wide facts found before pushing. */
export interface Inspection {
  /** Digest of each version already present (undefined digest when the repo does not say). */
  existing: Map<string, { digest?: string }>;
  contextPath?: string;
}

export type PushOutcome = { kind: 'saved'; digest?: string } | { kind: 'exists' };

export interface VerifyExpectation {
  item: PackagedChart;
  /** The digest the repository must show, when we know it (same bytes as pushed). */
  digest?: string;
  /** A digest the repository must no longer show (re-packaging pushes, after an overwrite). */
  notDigest?: string;
}

export interface VerifyOutcome {
  ok: boolean;
  digest?: string;
  /** What was seen instead, for the error message. */
  seen?: string;
}

export interface Target {
  repoUrl: string;
  namespace: string;
}

export interface Publisher {
  /** One-time set-up for all targets (Helm's repositories file for the plugin, registry login). */
  prepare(targets: Target[], options: { fetchBack: boolean; dryRun: boolean }): Promise<void>;
  /** Reads what is already in a target (index or registry); throws a clear error on 401/404/garbage. */
  inspect(target: Target, jobs: PublishJob[]): Promise<Inspection>;
  /**
   * Whether one `inspect` or `check` call reads the whole target at once (a chart repository's
   * index). Otherwise (a registry: one manifest per chart) the orchestrator calls them with one
   * chart at a time, side by side.
   */
  readonly readsTogether: boolean;
  push(
    target: Target,
    item: PackagedChart,
    inspection: Inspection,
    force: boolean,
  ): Promise<PushOutcome>;
  /** One look at the target; the orchestrator polls. */
  check(
    target: Target,
    expectations: VerifyExpectation[],
  ): Promise<Map<PackagedChart, VerifyOutcome>>;
  /**
   * What the repository stores for a version that `check` did not find in time, asked of the
   * repository rather than its index (chart repositories only); undefined when it cannot say.
   */
  lookUpStored?(
    target: Target,
    item: PackagedChart,
  ): Promise<{ digest: string; via: string } | undefined>;
  /** Before any fetch-back, for all targets: what Helm needs to pull (e.g. its repositories file). */
  prepareFetch(targets: Target[]): Promise<void>;
  /**
   * Whether `fetchBack` can take several charts at once (one Helm process, one start-up);
   * otherwise it is called with one chart at a time.
   */
  readonly fetchesTogether: boolean;
  /**
   * Pulls versions back through Helm into `destination`; returns the SHA-256 of each archive
   * that came back. All `items` share the target and the version. Throws when any is missing.
   */
  fetchBack(
    target: Target,
    items: PackagedChart[],
    destination: string,
  ): Promise<Map<PackagedChart, string>>;
  /** Removes credentials Helm stored (logout); the home itself is removed by the caller. */
  close(): Promise<void>;
}
