import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PublishError, errorMessage } from '../errors.js';
import type { BasicAuth, HttpClient } from '../http/client.js';
import type { Helm } from '../helm/cli.js';
import { chartArchivesIn } from '../helm/archive.js';
import { fetchCommand, pluginPushCommand, type RepoSpec } from '../helm/commands.js';
import {
  type CachedVersion,
  writeRepositoriesFile,
  writeRepositoryIndex,
} from '../helm/repofile.js';
import type { Settings } from '../inputs.js';
import type { Logger } from '../logger.js';
import type { PublishJob } from '../plan.js';
import { sha256File } from '../util/hash.js';
import { appendTo } from '../util/lists.js';
import type { IndexEntry } from '../index/types.js';
import { ChartRepository, CredentialsRejectedError, versionKey } from './chartrepo.js';
import type { StoredVersion } from './stored.js';
import {
  archiveOf,
  type Inspection,
  type PackagedChart,
  type Publisher,
  type PushOutcome,
  type Target,
  type VerifyExpectation,
  type VerifyOutcome,
} from './publisher.js';

/**
 * Publishing to ChartMuseum-API repositories (ChartMuseum, Harbor, TCR `chartrepo`), either with
 * our own multipart upload (`http`) or through the helm-push plugin (`plugin`). Both read the
 * index the same way; fetch-back goes through Helm with the repository credentials.
 */

export interface ClassicPublisherOptions {
  method: 'http' | 'plugin';
  settings: Settings;
  http: HttpClient;
  helm: Helm;
  logger: Logger;
  /** The installed helm-push release (method `plugin`). */
  pluginVersion?: string;
}

export class ClassicPublisher implements Publisher {
  readonly #options: ClassicPublisherOptions;
  readonly #repos = new Map<string, ChartRepository>();
  readonly #names = new Map<string, string>();
  #written = false;
  /** Per repository URL: the versions Helm's cached index lists, by `versionKey`. */
  readonly #cached = new Map<string, Map<string, CachedVersion>>();
  /** Per repository URL: the last write of Helm's cached index. */
  readonly #cacheWrites = new Map<string, Promise<void>>();
  /** Per repository URL: an index read for fetch-back under way (without verification). */
  readonly #indexReads = new Map<string, Promise<void>>();
  /** Per repository URL: what was pushed there. */
  readonly #pushed = new Map<string, PackagedChart[]>();
  /** Per repository URL: the context path found by `inspect`, for the chart API. */
  readonly #contextPaths = new Map<string, string>();

  constructor(options: ClassicPublisherOptions) {
    this.#options = options;
  }

  get #auth(): BasicAuth | undefined {
    const { username, password } = this.#options.settings;
    return username !== undefined && password !== undefined ? { username, password } : undefined;
  }

  #repo(target: Target): ChartRepository {
    let repo = this.#repos.get(target.repoUrl);
    if (repo === undefined) {
      repo = new ChartRepository(target.repoUrl, this.#options.http, this.#auth);
      this.#repos.set(target.repoUrl, repo);
    }
    return repo;
  }

  #repoName(target: Target): string {
    const name = this.#names.get(target.repoUrl);
    if (name === undefined) throw new Error(`repository ${target.repoUrl} was not added`);
    return name;
  }

  async prepare(
    targets: Target[],
    options: { fetchBack: boolean; dryRun: boolean },
  ): Promise<void> {
    targets.forEach((target, i) => {
      const slug = target.namespace.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
      this.#names.set(target.repoUrl, `helm-publish-${i + 1}${slug !== '' ? `-${slug}` : ''}`);
    });
    if (options.dryRun) return;
    // helm-push resolves the repository by name, so it must be known before pushing. For `http`
    // it is only needed to fetch back, and written then.
    if (this.#options.method === 'plugin') await this.#writeRepositories(targets);
  }

  /**
   * Registers every namespace with Helm by writing the isolated repositories file (mode 0600)
   * in one go, instead of one `helm repo add` process per namespace: the credentials never pass
   * through a command line, and our index read has already proved the URL and credentials.
   */
  async #writeRepositories(targets: Target[]): Promise<void> {
    if (this.#written) return;
    const { helm, settings } = this.#options;
    const specs: RepoSpec[] = targets.map((target) => ({
      name: this.#repoName(target),
      url: target.repoUrl,
      ...(settings.username !== undefined && { username: settings.username }),
      ...(settings.password !== undefined && { password: settings.password }),
      ...(settings.caFile !== undefined && { caFile: settings.caFile }),
      ...(settings.insecure && { insecure: true }),
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
    const snapshot = await this.#repo(target).readIndex(
      jobs.map((job) => ({ chart: job.chart.name, version: job.chart.version })),
    );
    const existing = new Map<string, { digest?: string }>();
    for (const [key, entry] of snapshot.entries) {
      existing.set(
        key,
        entry.digest !== undefined ? { digest: normalizeDigest(entry.digest) } : {},
      );
    }
    const contextPath = this.#options.settings.contextPath ?? snapshot.contextPath;
    if (contextPath !== undefined) this.#contextPaths.set(target.repoUrl, contextPath);
    return { existing, ...(contextPath !== undefined && contextPath !== '' && { contextPath }) };
  }

  async push(
    target: Target,
    item: PackagedChart,
    inspection: Inspection,
    force: boolean,
  ): Promise<PushOutcome> {
    const { settings } = this.#options;
    appendTo(this.#pushed, target.repoUrl, item);
    if (this.#options.method === 'http') {
      const archive = archiveOf(item);
      const outcome = await this.#repo(target).upload({
        fileName: archive.fileName,
        bytes: archive.bytes,
        force,
        ...(archive.provenance !== undefined && { provenance: archive.provenance }),
        ...(inspection.contextPath !== undefined && { contextPath: inspection.contextPath }),
      });
      return outcome === 'saved' ? { kind: 'saved', digest: archive.digest } : { kind: 'exists' };
    }
    const command = pluginPushCommand(
      this.#options.pluginVersion ?? '',
      item.kind === 'archive' ? item.file : item.dir,
      this.#repoName(target),
      {
        force,
        ...(item.kind === 'directory' && item.version !== undefined && { version: item.version }),
        ...(item.kind === 'directory' &&
          item.appVersion !== undefined && { appVersion: item.appVersion }),
        timeoutSeconds: settings.requestTimeoutSeconds,
        // Without --context-path helm-push downloads the whole index again just to read
        // serverInfo.contextPath; we already know it. "/" yields the same upload URL as none
        // (path.Join("/", "api", repoPath, "charts")).
        contextPath: inspection.contextPath ?? '/',
        ...(settings.caFile !== undefined && { caFile: settings.caFile }),
        ...(settings.insecure && { insecure: true }),
      },
    );
    try {
      await this.#options.helm.run(command, `helm-push to ${target.repoUrl}`);
    } catch (error) {
      const message = errorMessage(error);
      if (/\b409\b/.test(message)) return { kind: 'exists' };
      if (/\b401\b/.test(message)) {
        throw new CredentialsRejectedError(
          `upload to ${target.repoUrl} was refused (401): the credentials were rejected; check \`username\`/\`password\` for ${target.repoUrl} (no further uploads were tried: every namespace gets the same credentials)`,
        );
      }
      if (/\b403\b/.test(message)) {
        throw new PublishError(
          `upload to ${target.repoUrl} was refused (403): the namespace does not exist or the account may not push to it; check the namespace in \`repo-url\`/\`namespaces\` and the account's role`,
        );
      }
      throw error;
    }
    // The plugin re-packages the chart: the stored digest comes from the index.
    return { kind: 'saved' };
  }

  async check(
    target: Target,
    expectations: VerifyExpectation[],
  ): Promise<Map<PackagedChart, VerifyOutcome>> {
    const snapshot = await this.#repo(target).readIndex(
      expectations.map((e) => ({
        chart: e.item.job.chart.name,
        version: e.item.job.chart.version,
      })),
    );
    const outcomes = new Map<PackagedChart, VerifyOutcome>();
    for (const expectation of expectations) {
      const { name, version } = expectation.item.job.chart;
      const entry = snapshot.entries.get(versionKey(name, version));
      if (entry === undefined) {
        outcomes.set(expectation.item, {
          ok: false,
          seen: `${name} ${version} is not in the index`,
        });
        continue;
      }
      const digest = entry.digest !== undefined ? normalizeDigest(entry.digest) : undefined;
      if (digest === undefined) {
        outcomes.set(expectation.item, {
          ok: false,
          seen: `${name} ${version} has no digest in the index`,
        });
      } else if (expectation.digest !== undefined && digest !== expectation.digest) {
        outcomes.set(expectation.item, {
          ok: false,
          digest,
          seen: `digest ${digest} instead of ${expectation.digest}`,
        });
      } else if (expectation.notDigest !== undefined && digest === expectation.notDigest) {
        outcomes.set(expectation.item, {
          ok: false,
          digest,
          seen: `still the previous digest ${digest}`,
        });
      } else {
        outcomes.set(expectation.item, { ok: true, digest });
        // With fetch-back, Helm pulls what was just verified: no second read of the index.
        if (this.#options.settings.fetchBack) this.#remember(target, name, entry);
      }
    }
    return outcomes;
  }

  /** What the repository stores for a version verification did not find in its index. */
  lookUpStored(target: Target, item: PackagedChart): Promise<StoredVersion | undefined> {
    const { name, version } = item.job.chart;
    return this.#repo(target).lookUpStored(name, version, this.#contextPaths.get(target.repoUrl));
  }

  /** Fetch-back goes through Helm, which finds the repositories by name in its file. */
  async prepareFetch(targets: Target[]): Promise<void> {
    await this.#writeRepositories(targets);
  }

  #remember(target: Target, chart: string, entry: IndexEntry): void {
    let cached = this.#cached.get(target.repoUrl);
    if (cached === undefined)
      this.#cached.set(target.repoUrl, (cached = new Map<string, CachedVersion>()));
    cached.set(versionKey(chart, entry.version), { chart, entry });
  }

  /**
   * What `helm repo update` does, for the versions to pull: Helm's cached index of the
   * repository lists them (see writeRepositoryIndex). Verification has read them already;
   * without it, the index is read once for every version pushed there (later pulls of the same
   * namespace wait for that read rather than send their own). Writes follow one another, each
   * with every version known by then, so a pull running meanwhile still finds its own.
   */
  async #cacheIndex(target: Target, items: PackagedChart[]): Promise<void> {
    const url = target.repoUrl;
    const unseen = (item: PackagedChart): boolean =>
      this.#cached.get(url)?.has(versionKey(item.job.chart.name, item.job.chart.version)) !== true;
    for (let reading = this.#indexReads.get(url); reading !== undefined;) {
      await reading.catch(() => undefined);
      reading = this.#indexReads.get(url);
    }
    if (items.some(unseen)) {
      const wanted = [...new Set([...items, ...(this.#pushed.get(url) ?? [])])].filter(unseen);
      const read = this.#repo(target)
        .readIndex(
          wanted.map((item) => ({ chart: item.job.chart.name, version: item.job.chart.version })),
        )
        .then((snapshot) => {
          for (const item of wanted) {
            const { name, version } = item.job.chart;
            const entry = snapshot.entries.get(versionKey(name, version));
            // One the index does not list, Helm reports as not found.
            if (entry !== undefined) this.#remember(target, name, entry);
          }
        })
        .finally(() => this.#indexReads.delete(url));
      this.#indexReads.set(url, read);
      await read;
    }
    const file = path.join(
      this.#options.helm.home.repositoryCache,
      `${this.#repoName(target)}-index.yaml`,
    );
    const write = (this.#cacheWrites.get(url) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => writeRepositoryIndex(file, [...(this.#cached.get(url)?.values() ?? [])]));
    this.#cacheWrites.set(url, write);
    await write;
  }

  readonly readsTogether = true;

  readonly fetchesTogether = true;

  async fetchBack(
    target: Target,
    items: PackagedChart[],
    destination: string,
  ): Promise<Map<PackagedChart, string>> {
    const { helm } = this.#options;
    await Promise.all([mkdir(destination, { recursive: true }), this.#cacheIndex(target, items)]);
    const names = items.map((i) => i.job.chart.name);
    const version = items[0]?.job.chart.version ?? '';
    await helm.run(
      fetchCommand(helm, this.#repoName(target), names, version, destination),
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
    // Credentials live only in the Helm home, which the orchestrator removes.
    return Promise.resolve();
  }
}

export function normalizeDigest(digest: string): string {
  return digest.toLowerCase().replace(/^sha256:/, '');
}
