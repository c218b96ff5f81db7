import path from 'node:path';
import { writeRepositoryIndex, type CachedVersion } from '../helm/repofile.js';
import type { IndexEntry } from '../index/types.js';
import type { PackagedChart, Target } from '../types/plan.js';
import { appendTo } from '../util/lists.js';
import { PublishError } from '../errors.js';
import { chartDownloadUrl } from './chartrepo-urls.js';
import { versionKey, type IndexSnapshot, type WantedVersion } from './chartrepo.js';

/** Reads the entries of some versions from a target's index. */
export type IndexRead = (target: Target, wanted: WantedVersion[]) => Promise<IndexSnapshot>;

/**
 * Helm's cached index per repository, written instead of `helm repo update`, listing only the
 * versions to pull back (ADR 4: docs/adr/0004-cached-index-for-fetch-back.md).
 */
export class HelmIndexCache {
  /** Per repository URL: the versions the cached index lists, by `versionKey`. */
  readonly #cached = new Map<string, Map<string, CachedVersion>>();
  /** Per repository URL: the last write of the cached index (writes follow one another). */
  readonly #writes = new Map<string, Promise<void>>();
  /** Per repository URL: an index read under way, which later pulls wait for. */
  readonly #reads = new Map<string, Promise<void>>();
  /** Per repository URL: what was pushed there, read together on the first pull. */
  readonly #pushed = new Map<string, PackagedChart[]>();

  /** `withCredentials`: Helm's repositories file gives the targets credentials. */
  constructor(
    private readonly cacheDir: string,
    private readonly read: IndexRead,
    private readonly withCredentials = false,
  ) {}

  notePushed(target: Target, item: PackagedChart): void {
    appendTo(this.#pushed, target.repoUrl, item);
  }

  /** Keeps an entry verification has just read, so fetch-back needs no second read. */
  remember(target: Target, chart: string, entry: IndexEntry): void {
    let cached = this.#cached.get(target.repoUrl);
    if (cached === undefined)
      this.#cached.set(target.repoUrl, (cached = new Map<string, CachedVersion>()));
    cached.set(versionKey(chart, entry.version), { chart, entry });
  }

  /** Writes `<repoName>-index.yaml` so that it lists `items` (and every version known by then). */
  async write(target: Target, repoName: string, items: PackagedChart[]): Promise<void> {
    const url = target.repoUrl;
    for (let reading = this.#reads.get(url); reading !== undefined;) {
      await reading.catch(() => undefined);
      reading = this.#reads.get(url);
    }
    const unseen = (item: PackagedChart): boolean =>
      this.#cached.get(url)?.has(versionKey(item.job.chart.name, item.job.chart.version)) !== true;
    if (items.some(unseen)) await this.#readMissing(target, items, unseen);
    if (this.withCredentials) this.#refuseForeignUrls(target, items);
    const file = path.join(this.cacheDir, `${repoName}-index.yaml`);
    const write = (this.#writes.get(url) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => writeRepositoryIndex(file, [...(this.#cached.get(url)?.values() ?? [])]));
    this.#writes.set(url, write);
    await write;
  }

  /**
   * Helm before 3.6.1 (CVE-2021-32690) and Helm 2 send credentials to any host an entry names, and
   * later ones compare only the host: so entries on another origin are never handed to Helm.
   */
  #refuseForeignUrls(target: Target, items: PackagedChart[]): void {
    const origin = new URL(target.repoUrl).origin;
    for (const item of items) {
      const { name, version } = item.job.chart;
      const cached = this.#cached.get(target.repoUrl)?.get(versionKey(name, version));
      for (const url of cached?.entry.urls ?? []) {
        const resolved = chartDownloadUrl(target.repoUrl, url);
        if (new URL(resolved).origin !== origin) {
          throw new PublishError(
            `fetch-back of ${name} ${version}: the index of ${target.repoUrl} lists its archive at ${resolved}, another origin than the repository's; the credentials are not sent there (Helm before 3.6.1 would send them), so nothing was fetched: check the server's chart URL setting, or set \`fetch-back: false\``,
          );
        }
      }
    }
  }

  /** One read for every unseen version pushed to the target; later pulls wait for it. */
  async #readMissing(
    target: Target,
    items: PackagedChart[],
    unseen: (item: PackagedChart) => boolean,
  ): Promise<void> {
    const url = target.repoUrl;
    const wanted = [...new Set([...items, ...(this.#pushed.get(url) ?? [])])].filter(unseen);
    const read = this.read(
      target,
      wanted.map((item) => ({ chart: item.job.chart.name, version: item.job.chart.version })),
    )
      .then((snapshot) => {
        for (const item of wanted) {
          const { name, version } = item.job.chart;
          // One the index does not list, Helm reports as not found.
          const entry = snapshot.entries.get(versionKey(name, version));
          if (entry !== undefined) this.remember(target, name, entry);
        }
      })
      .finally(() => this.#reads.delete(url));
    this.#reads.set(url, read);
    await read;
  }
}
