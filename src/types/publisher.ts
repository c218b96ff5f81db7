import type { ChartArchive, PackagedChart, PublishJob, Target } from './plan.js';

/** Repository-wide facts found before pushing. */
export interface Inspection {
  /** Digest of each version already present, by `versionKey` (undefined when not listed). */
  existing: Map<string, { digest?: string }>;
  contextPath?: string;
}

export type PushOutcome =
  | {
      kind: 'saved';
      digest?: string;
      /** OCI: the manifest digest `helm push` printed (`sha256:<hex>`). */
      manifestDigest?: string;
    }
  | { kind: 'exists' };

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

/** What a push method can and cannot do; the engine asks these instead of the method's name. */
export interface PublisherTraits {
  /** Shown in logs: `plugin`, `http` or `oci`. */
  readonly name: string;
  /** One `inspect`/`check` call reads a whole target (an index); else one chart per call. */
  readonly readsTogether: boolean;
  /** `fetchBack` takes several charts at once (one Helm process). */
  readonly fetchesTogether: boolean;
  /** The stored bytes differ from ours (the plugin re-packages): digests come from the repo. */
  readonly repackages: boolean;
  /** Whether this chart directory goes out unpackaged (the plugin packages it itself). */
  takesDirectory(chart: { kind: 'dir' | 'tgz'; declaresDependencies?: true }): boolean;
}

/**
 * One push method for every target of a run. Picked by src/repo/factory.ts; the engine drives
 * it stage by stage and never asks which method it is.
 */
export interface Publisher extends PublisherTraits {
  /** Reads what is already in a target; throws a clear error on 401/404/garbage. */
  inspect(target: Target, jobs: PublishJob[]): Promise<Inspection>;
  /** Set-up once every target passed its check (Helm's repositories file, registry login). */
  prepare(targets: Target[], options: { fetchBack: boolean; dryRun: boolean }): Promise<void>;
  push(
    target: Target,
    item: PackagedChart,
    inspection: Inspection,
    force: boolean,
  ): Promise<PushOutcome>;
  /** One look at the target; the engine polls. `signal` stops it at `verify-timeout`. */
  check(
    target: Target,
    expectations: VerifyExpectation[],
    signal?: AbortSignal,
  ): Promise<Map<PackagedChart, VerifyOutcome>>;
  /**
   * What the repository stores for a version `check` did not find in time, asked of the
   * repository rather than its index (chart repositories only); undefined when it cannot say.
   */
  lookUpStored?(
    target: Target,
    item: PackagedChart,
  ): Promise<{ digest: string; via: string } | undefined>;
  /** Pulls one version of `items` back through Helm; the SHA-256 of each archive that came. */
  fetchBack(
    target: Target,
    items: PackagedChart[],
    destination: string,
  ): Promise<Map<PackagedChart, string>>;
  /** Removes credentials Helm stored (logout); the home itself is removed by the engine. */
  close(): Promise<void>;
}

/** The archive a publisher that sends bytes needs; a directory here is an engine bug. */
export function archiveOf(item: PackagedChart): ChartArchive {
  if (item.kind === 'archive') return item;
  throw new Error(`${item.dir} was not packaged`);
}
