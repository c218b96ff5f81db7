import { mkdir } from 'node:fs/promises';
import { PublishError } from '../errors.js';
import { chartArchivesIn } from '../helm/archive.js';
import type { Helm } from '../helm/cli.js';
import { fetchCommand } from '../helm/commands.js';
import { writeRepositoriesFile } from '../helm/repofile.js';
import type { HttpClient } from '../http/client.js';
import type { Logger } from '../logger.js';
import type { PackagedChart, PublishJob, Target } from '../types/plan.js';
import type {
  Inspection,
  Publisher,
  PushOutcome,
  VerifyExpectation,
  VerifyOutcome,
} from '../types/publisher.js';
import type { Settings } from '../types/settings.js';
import { sha256File } from '../util/hash.js';
import {
  ChartRepository,
  apiBaseUrl,
  versionKey,
  type RepoAuth,
  type WantedVersion,
} from './chartrepo.js';
import { HelmIndexCache } from './helm-index-cache.js';
import type { StoredVersion } from './stored.js';

export interface ChartRepoPublisherOptions {
  settings: Settings;
  http: HttpClient;
  helm: Helm;
  logger: Logger;
}

/** One `push` call's arguments, as the subclasses' `upload` receives them. */
export interface ChartPush {
  target: Target;
  item: PackagedChart;
  inspection: Inspection;
  force: boolean;
}

/**
 * What `http` and `plugin` share for ChartMuseum-API repositories (ChartMuseum, Harbor, TCR):
 * index reads, Helm's repositories file, fetch-back. Subclasses say how a chart is uploaded.
 */
export abstract class ChartRepoPublisher implements Publisher {
  abstract readonly name: string;
  abstract readonly repackages: boolean;
  readonly readsTogether = true;
  readonly fetchesTogether = true;
  protected readonly options: ChartRepoPublisherOptions;
  protected readonly indexCache: HelmIndexCache;
  readonly #repos = new Map<string, ChartRepository>();
  readonly #names = new Map<string, string>();
  /** Per repository URL: the context path found by `inspect`, for the chart API. */
  readonly #contextPaths = new Map<string, string>();
  #written = false;

  constructor(options: ChartRepoPublisherOptions) {
    this.options = options;
    this.indexCache = new HelmIndexCache(
      options.helm.home.repositoryCache,
      (target, wanted) => this.repo(target).readIndex(wanted),
      // The repositories file gives Helm the username and password (a token goes only to helm-push).
      options.settings.username !== undefined && options.settings.password !== undefined,
    );
  }

  async push(
    target: Target,
    item: PackagedChart,
    inspection: Inspection,
    force: boolean,
  ): Promise<PushOutcome> {
    this.indexCache.notePushed(target, item);
    return this.upload({ target, item, inspection, force });
  }

  /** Sends one chart the subclass's way; `push` has already noted it for fetch-back. */
  protected abstract upload(push: ChartPush): Promise<PushOutcome>;

  takesDirectory(_chart: { kind: 'dir' | 'tgz'; declaresDependencies?: true }): boolean {
    return false;
  }

  protected get auth(): RepoAuth | undefined {
    const { username, password, accessToken } = this.options.settings;
    if (accessToken !== undefined) return { bearer: accessToken };
    return username !== undefined && password !== undefined ? { username, password } : undefined;
  }

  protected repo(target: Target): ChartRepository {
    let repo = this.#repos.get(target.repoUrl);
    if (repo === undefined) {
      repo = new ChartRepository(target.repoUrl, this.options.http, this.auth);
      this.#repos.set(target.repoUrl, repo);
    }
    return repo;
  }

  /** The name Helm knows the target by in its repositories file. */
  protected repoName(target: Target): string {
    const name = this.#names.get(target.repoUrl);
    if (name === undefined) throw new Error(`repository ${target.repoUrl} was not added`);
    return name;
  }

  /** Whether Helm needs the repositories file before pushing (helm-push finds repos by name). */
  protected get pushesThroughHelm(): boolean {
    return false;
  }

  async prepare(
    targets: Target[],
    options: { fetchBack: boolean; dryRun: boolean },
  ): Promise<void> {
    targets.forEach((target, i) => {
      const slug = target.namespace.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
      this.#names.set(
        target.repoUrl,
        `helm-publish-${String(i + 1)}${slug !== '' ? `-${slug}` : ''}`,
      );
    });
    if (options.dryRun || (!this.pushesThroughHelm && !options.fetchBack)) return;
    await this.#writeRepositories(targets);
  }

  /** Every target in Helm's isolated repositories file (0600), in one write, no `helm repo add`. */
  async #writeRepositories(targets: Target[]): Promise<void> {
    if (this.#written) return;
    const { helm, settings } = this.options;
    const specs = targets.map((target) => ({
      name: this.repoName(target),
      url: target.repoUrl,
      username: settings.username,
      password: settings.password,
      caFile: settings.caFile,
      insecure: settings.insecure ? true : undefined,
    }));
    await writeRepositoriesFile(
      helm.home.repositoryConfig,
      helm.home.repositoryCache,
      helm.major,
      specs,
    );
    this.#written = true;
  }

  async inspect(target: Target, jobs: PublishJob[]): Promise<Inspection> {
    const snapshot = await this.repo(target).readIndex(jobs.map(wantedOf));
    const existing = new Map<string, { digest?: string }>();
    for (const [key, entry] of snapshot.entries) {
      existing.set(key, {
        digest: entry.digest !== undefined ? normalizeDigest(entry.digest) : undefined,
      });
    }
    const contextPath = this.options.settings.contextPath ?? snapshot.contextPath;
    // Checked before anything is pushed: a server's context path must not move the upload.
    if (contextPath !== undefined && contextPath !== '') apiBaseUrl(target.repoUrl, contextPath);
    if (contextPath !== undefined) this.#contextPaths.set(target.repoUrl, contextPath);
    return { existing, contextPath: contextPath !== '' ? contextPath : undefined };
  }

  async check(
    target: Target,
    expectations: VerifyExpectation[],
    signal?: AbortSignal,
  ): Promise<Map<PackagedChart, VerifyOutcome>> {
    const snapshot = await this.repo(target).readIndex(
      expectations.map((e) => wantedOf(e.item.job)),
      signal,
    );
    const outcomes = new Map<PackagedChart, VerifyOutcome>();
    for (const expectation of expectations) {
      const { name, version } = expectation.item.job.chart;
      const entry = snapshot.entries.get(versionKey(name, version));
      const outcome = compareEntry(
        `${name} ${version}`,
        entry?.digest,
        entry !== undefined,
        expectation,
      );
      outcomes.set(expectation.item, outcome);
      // With fetch-back, Helm pulls what was just verified: no second read of the index.
      if (outcome.ok && entry !== undefined && this.options.settings.fetchBack)
        this.indexCache.remember(target, name, entry);
    }
    return outcomes;
  }

  /** What the repository stores for a version verification did not find in its index. */
  lookUpStored(target: Target, item: PackagedChart): Promise<StoredVersion | undefined> {
    const { name, version } = item.job.chart;
    return this.repo(target).lookUpStored(name, version, this.#contextPaths.get(target.repoUrl));
  }

  async fetchBack(
    target: Target,
    items: PackagedChart[],
    destination: string,
  ): Promise<Map<PackagedChart, string>> {
    const { helm } = this.options;
    await Promise.all([
      mkdir(destination, { recursive: true }),
      this.indexCache.write(target, this.repoName(target), items),
    ]);
    const names = items.map((i) => i.job.chart.name);
    const version = items[0]?.job.chart.version ?? '';
    await helm.run(
      fetchCommand(helm, this.repoName(target), names, version, destination),
      `fetching ${names.join(', ')} ${version} back`,
    );
    const archives = await chartArchivesIn(
      destination,
      items.map((item) => item.fileName),
    );
    const files = items.map((item) => {
      const file = archives.get(item.fileName);
      if (file === undefined) {
        throw new PublishError(
          `fetch-back of ${item.job.chart.name} ${version} from ${target.repoUrl} produced no chart archive`,
        );
      }
      return [item, file] as const;
    });
    return new Map(
      await Promise.all(files.map(async ([item, file]) => [item, await sha256File(file)] as const)),
    );
  }

  close(): Promise<void> {
    // Credentials live only in the Helm home, which the engine removes.
    return Promise.resolve();
  }
}

const wantedOf = (job: PublishJob): WantedVersion => ({
  chart: job.chart.name,
  version: job.chart.version,
});

/** Whether an index entry shows what verification expects; what was seen instead if not. */
function compareEntry(
  label: string,
  rawDigest: string | undefined,
  listed: boolean,
  expectation: VerifyExpectation,
): VerifyOutcome {
  if (!listed) return { ok: false, seen: `${label} is not in the index` };
  const digest = rawDigest !== undefined ? normalizeDigest(rawDigest) : undefined;
  if (digest === undefined) return { ok: false, seen: `${label} has no digest in the index` };
  if (expectation.digest !== undefined && digest !== expectation.digest)
    return { ok: false, digest, seen: `digest ${digest} instead of ${expectation.digest}` };
  if (expectation.notDigest !== undefined && digest === expectation.notDigest)
    return { ok: false, digest, seen: `still the previous digest ${digest}` };
  return { ok: true, digest };
}

export function normalizeDigest(digest: string): string {
  return digest.toLowerCase().replace(/^sha256:/, '');
}
