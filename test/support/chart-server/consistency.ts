// ChartMuseum's eventually consistent index, as helm/chartmuseum ≥ 0.13 behaves:
// - pkg/chartmuseum/server/multitenant/handlers.go answers 201 once the .tgz is in storage and
//   only then emits an event; cache.go's startEventListener adds the entry to the in-memory index
//   later (one listener, so a burst of uploads queues up): a per-entry delay.
// - Each replica keeps its own in-memory index (no Redis): a replica that did not take the upload
//   learns of it only when cache.go's initCacheTimer rescans storage (`--cache-interval`).
// - Concurrent uploads can lose an entry from the in-memory index until that rescan
//   (helm/chartmuseum#453, #563, #635).
// The JSON API (api.go getChartVersion) reads the same in-memory index as index.yaml; only
// downloads (storage.go getStorageObject) read storage itself.

export interface IndexConsistency {
  /** Seed of the per-entry delays (default 1): the same seed gives the same delays. */
  seed?: number;
  /** Each upload reaches the index after a random delay in [0, maxDelayMs). */
  maxDelayMs?: number;
  /**
   * Reads come from a replica that did not take the uploads and sees them only at a rescan:
   * 'index' = only index.yaml does (a separate replica or cache in front of it; the JSON API
   * comes from the replica that took the upload), 'all' = index.yaml and the JSON API.
   */
  staleReplica?: 'index' | 'all';
  /** Chart files (`name-version.tgz`) whose entry is lost from the index until a rescan. */
  lose?: string[];
  /** Rescan storage this often (ChartMuseum's `--cache-interval`); default: only `rescan()`. */
  rescanIntervalMs?: number;
}

/** When a stored chart shows: in index.yaml, and in the JSON API. */
export interface Visibility {
  visibleAt: number;
  apiVisibleAt: number;
}

/** mulberry32: a small seeded generator, so that a test sees the same delays on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ConsistencyModel {
  readonly #options: IndexConsistency;
  readonly #random: () => number;

  constructor(options: IndexConsistency) {
    this.#options = options;
    this.#random = seeded(options.seed ?? 1);
  }

  /** When a chart stored at `now` as `file` shows in the index and the API. */
  visibilityOf(file: string, now: number): Visibility {
    const { maxDelayMs = 0, staleReplica, lose = [] } = this.#options;
    const delayed = now + Math.floor(this.#random() * maxDelayMs);
    if (lose.includes(file)) return { visibleAt: Infinity, apiVisibleAt: Infinity };
    return {
      visibleAt: staleReplica !== undefined ? Infinity : delayed,
      apiVisibleAt: staleReplica === 'all' ? Infinity : delayed,
    };
  }

  /** A rescan reads storage: everything stored shows from `now` on. */
  static rescanned(chart: Visibility, now: number): void {
    chart.visibleAt = Math.min(chart.visibleAt, now);
    chart.apiVisibleAt = Math.min(chart.apiVisibleAt, now);
  }
}
