// An in-memory Publisher for the engine's in-process tests: a repository per target holding
// digests by `chart@version`, with switches for each answer the engine must handle.
import { versionKey } from '../../src/repo/chartrepo.js';
import type { PackagedChart, PublishJob, Target } from '../../src/types/plan.js';
import type {
  Inspection,
  Publisher,
  PushOutcome,
  VerifyExpectation,
  VerifyOutcome,
} from '../../src/types/publisher.js';

export interface FakeOptions {
  /** What each target already holds: `chart@version` → hex digest. */
  stored?: Record<string, Record<string, string>>;
  /** Targets whose inspection throws this message. */
  unreadable?: Record<string, string>;
  /** `chart@version` whose upload answers 409 (and what the repo then holds, if anything). */
  conflicts?: Record<string, string | undefined>;
  /** `chart@version` whose upload throws. */
  failingPushes?: Record<string, string>;
  /** Uploads land in the index only after this many checks (per target). */
  indexLag?: number;
  /** Versions that never show in the index. */
  neverListed?: string[];
  /** `chart@version` whose fetched-back bytes differ. */
  corruptFetch?: string[];
  repackages?: boolean;
  readsTogether?: boolean;
  /** `chart@version` whose own inspection throws this message (a registry read per chart). */
  unreadableCharts?: Record<string, string>;
  /** Called as each push starts (e.g. to move a test clock). */
  onPush?: (key: string) => void;
  /** Awaited by every `check` before it answers (to hold verification open). */
  checkGate?: () => Promise<void>;
}

export interface FakeCall {
  op: 'inspect' | 'prepare' | 'push' | 'check' | 'fetchBack' | 'close';
  target?: string;
  charts?: string[];
  force?: boolean;
}

const keyOf = (item: PackagedChart): string =>
  versionKey(item.job.chart.name, item.job.chart.version);

export class FakePublisher implements Publisher {
  readonly name = 'fake';
  readonly fetchesTogether = true;
  readonly readsTogether: boolean;
  readonly repackages: boolean;
  readonly calls: FakeCall[] = [];
  readonly repos = new Map<string, Map<string, string>>();
  readonly #checks = new Map<string, number>();

  constructor(private readonly options: FakeOptions = {}) {
    this.readsTogether = options.readsTogether ?? true;
    this.repackages = options.repackages ?? false;
    for (const [url, held] of Object.entries(options.stored ?? {}))
      this.repos.set(url, new Map<string, string>(Object.entries(held)));
  }

  takesDirectory(): boolean {
    return false;
  }

  #repo(target: Target): Map<string, string> {
    let repo = this.repos.get(target.repoUrl);
    if (repo === undefined) this.repos.set(target.repoUrl, (repo = new Map<string, string>()));
    return repo;
  }

  inspect(target: Target, jobs: PublishJob[]): Promise<Inspection> {
    this.calls.push({
      op: 'inspect',
      target: target.repoUrl,
      charts: jobs.map((j) => j.chart.name),
    });
    const problem =
      this.options.unreadable?.[target.repoUrl] ??
      jobs
        .map((j) => this.options.unreadableCharts?.[versionKey(j.chart.name, j.chart.version)])
        .find((p) => p !== undefined);
    if (problem !== undefined) return Promise.reject(new Error(problem));
    const existing = new Map<string, { digest?: string }>();
    for (const [key, digest] of this.#repo(target)) existing.set(key, { digest });
    return Promise.resolve({ existing });
  }

  prepare(): Promise<void> {
    this.calls.push({ op: 'prepare' });
    return Promise.resolve();
  }

  push(target: Target, item: PackagedChart, _i: Inspection, force: boolean): Promise<PushOutcome> {
    const key = keyOf(item);
    this.calls.push({ op: 'push', target: target.repoUrl, charts: [key], force });
    this.options.onPush?.(key);
    const failure = this.options.failingPushes?.[key];
    if (failure !== undefined) return Promise.reject(new Error(failure));
    if (this.options.conflicts !== undefined && key in this.options.conflicts) {
      const held = this.options.conflicts[key];
      if (held !== undefined) this.#repo(target).set(key, held);
      return Promise.resolve({ kind: 'exists' });
    }
    const digest = item.kind === 'archive' ? item.digest : 'f'.repeat(64);
    const stored = this.repackages ? digest.replace(/^./, 'e') : digest;
    this.#repo(target).set(key, stored);
    return Promise.resolve({ kind: 'saved', digest: this.repackages ? undefined : digest });
  }

  async check(
    target: Target,
    expectations: VerifyExpectation[],
  ): Promise<Map<PackagedChart, VerifyOutcome>> {
    await this.options.checkGate?.();
    this.calls.push({
      op: 'check',
      target: target.repoUrl,
      charts: expectations.map((e) => keyOf(e.item)),
    });
    const seen = (this.#checks.get(target.repoUrl) ?? 0) + 1;
    this.#checks.set(target.repoUrl, seen);
    const outcomes = new Map<PackagedChart, VerifyOutcome>();
    for (const e of expectations) {
      const key = keyOf(e.item);
      const digest = this.#repo(target).get(key);
      const listed =
        seen > (this.options.indexLag ?? 0) && !(this.options.neverListed ?? []).includes(key);
      if (!listed || digest === undefined)
        outcomes.set(e.item, { ok: false, seen: `${key} is not in the index` });
      else if (e.digest !== undefined && e.digest !== digest)
        outcomes.set(e.item, {
          ok: false,
          digest,
          seen: `digest ${digest} instead of ${e.digest}`,
        });
      else if (e.notDigest === digest)
        outcomes.set(e.item, { ok: false, digest, seen: 'still the previous digest' });
      else outcomes.set(e.item, { ok: true, digest });
    }
    return outcomes;
  }

  fetchBack(target: Target, items: PackagedChart[]): Promise<Map<PackagedChart, string>> {
    this.calls.push({ op: 'fetchBack', target: target.repoUrl, charts: items.map(keyOf) });
    const digests = new Map<PackagedChart, string>();
    for (const item of items) {
      const digest = this.#repo(target).get(keyOf(item)) ?? '';
      digests.set(
        item,
        (this.options.corruptFetch ?? []).includes(keyOf(item)) ? '0'.repeat(64) : digest,
      );
    }
    return Promise.resolve(digests);
  }

  close(): Promise<void> {
    this.calls.push({ op: 'close' });
    return Promise.resolve();
  }

  ops(op: FakeCall['op']): FakeCall[] {
    return this.calls.filter((c) => c.op === op);
  }
}
