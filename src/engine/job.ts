import { explainRepositoryError } from '../errors/network.js';
import type { PackagedChart, PublishJob } from '../types/plan.js';
import type { ChartResult, JobEvent, Stage } from '../types/result.js';

/**
 * One chart × target on its way through the pipeline. It owns its result: every state change
 * goes through a method here, which also emits the progress event.
 */
export class Job {
  readonly result: ChartResult;
  /** What goes out; set once packaging is done. */
  item: PackagedChart | undefined;
  /** The digest stored before an overwrite (the plugin's new digest must differ from it). */
  previousDigest: string | undefined;
  #active = true;
  #started: number;
  #ended: number | undefined;

  constructor(
    readonly job: PublishJob,
    dryRun: boolean,
    private readonly emit: (event: JobEvent) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.#started = now();
    const { chart, target } = job;
    this.result = {
      chart: chart.name,
      version: chart.version,
      appVersion: chart.appVersion ?? '',
      namespace: target.namespace,
      repo: target.repoUrl,
      digest: '',
      status: dryRun ? 'dry-run' : 'pushed',
      verified: false,
      fetched: false,
      seconds: 0,
      chartYaml: chart.chartYaml,
    };
  }

  /** Still going on to the next stage (not failed, not skipped). */
  get active(): boolean {
    return this.#active;
  }

  get target(): PublishJob['target'] {
    return this.job.target;
  }

  /** `<chart> <version>`, for messages. */
  get label(): string {
    return `${this.result.chart} ${this.result.version}`;
  }

  /** The namespace, or the repository URL without one. */
  get where(): string {
    return this.result.namespace === '' ? this.result.repo : this.result.namespace;
  }

  /** The packaged chart; a job without one is an engine bug. */
  get outgoing(): PackagedChart {
    if (this.item === undefined) throw new Error(`${this.job.chart.path} was not packaged`);
    return this.item;
  }

  /** The digest known for this job, as hex, or undefined. */
  get knownDigest(): string | undefined {
    const digest = this.result.digest;
    return digest.startsWith('sha256:') ? digest.slice(7) : undefined;
  }

  setDigest(hex: string | undefined): void {
    this.result.digest = hex !== undefined ? `sha256:${hex}` : '';
  }

  startPush(): void {
    this.#started = this.now();
    this.#emit('pushing');
  }

  pushed(digest: string | undefined, manifestDigest?: string): void {
    this.setDigest(digest);
    this.result.manifestDigest = manifestDigest;
    this.#emit('pushed');
  }

  overwrites(previousDigest: string | undefined): void {
    this.result.status = 'overwritten';
    this.previousDigest = previousDigest;
  }

  skip(digest: string | undefined): void {
    this.result.status = 'skipped';
    this.setDigest(digest);
    this.#active = false;
    this.#emit('skipped');
  }

  verified(digest: string | undefined): void {
    this.result.verified = true;
    if (digest !== undefined) this.setDigest(digest);
    this.#emit('verified');
  }

  /** Pushed and stored, but not listed in the index in time: still an error (verify was asked). */
  unverified(digest: string, error: string): void {
    this.setDigest(digest);
    this.result.error = error;
    this.#active = false;
    this.#emit('unverified');
  }

  fetched(): void {
    this.result.fetched = true;
    this.#emit('fetched');
  }

  fail(error: unknown): void {
    this.result.status = 'failed';
    this.result.error = explainRepositoryError(error, this.result.repo.startsWith('oci://'));
    this.#active = false;
    this.#emit('failed');
  }

  /** Never tried because `blocker` (another job's failure) stopped the run first. */
  notAttempted(blocker: string): void {
    this.result.status = 'not-attempted';
    this.result.error = `not attempted: ${blocker}`;
    this.#active = false;
    this.#emit('not-attempted');
  }

  /** The result with the job's own time. */
  finish(): ChartResult {
    const ended = this.#ended ?? this.now();
    this.result.seconds = Math.round((ended - this.#started) / 100) / 10;
    return this.result;
  }

  #emit(stage: Stage): void {
    this.#ended = this.now();
    this.emit({ stage, result: { ...this.result } });
  }
}
