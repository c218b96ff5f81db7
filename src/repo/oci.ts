import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PublishError } from '../errors.js';
import type { HttpClient } from '../http/client.js';
import { chartArchivesIn } from '../helm/archive.js';
import type { Helm, HelmResult } from '../helm/cli.js';
import {
  ociPullCommand,
  ociPushCommand,
  registryLoginCommand,
  registryLogoutCommand,
  type TlsFlags,
} from '../helm/commands.js';
import { loginHostProblem } from '../helm/compat.js';
import type { Settings } from '../types/settings.js';
import type { Logger } from '../logger.js';
import type { PackagedChart, PublishJob, Target } from '../types/plan.js';
import { sha256File } from '../util/hash.js';
import { versionKey } from './chartrepo.js';
import {
  archiveOf,
  type Inspection,
  type Publisher,
  type PushOutcome,
  type VerifyExpectation,
  type VerifyOutcome,
} from '../types/publisher.js';
import { type ManifestInfo, RegistryClient, ociTag } from './registry.js';

/**
 * `helm push` to OCI registries. Tags are looked up before pushing because registries replace
 * them silently; the chart layer digest equals the SHA-256 of the pushed .tgz.
 */

export interface OciPublisherOptions {
  settings: Settings;
  http: HttpClient;
  helm: Helm;
  logger: Logger;
}

interface OciLocation {
  host: string;
  /** Path below the host: the namespace (may contain slashes). */
  path: string;
}

export function parseOciUrl(repoUrl: string): OciLocation {
  const rest = repoUrl.replace(/^oci:\/\//, '');
  const slash = rest.indexOf('/');
  return slash < 0
    ? { host: rest, path: '' }
    : { host: rest.slice(0, slash), path: rest.slice(slash + 1).replace(/\/+$/, '') };
}

/**
 * The manifest digest from `helm push` output: `Digest: sha256:…` on stdout up to Helm 3.10,
 * stderr from 3.11 and stdout again from 4.2.1 (pkg/registry/client.go Push), so read both.
 */
export function pushedManifestDigest(result: HelmResult): string | undefined {
  return /^Digest:\s*(sha256:[0-9a-f]{64})\s*$/m.exec(`${result.stdout}\n${result.stderr}`)?.[1];
}

export class OciPublisher implements Publisher {
  readonly name = 'oci';
  /** A registry is read one manifest per chart. */
  readonly readsTogether = false;
  /** `helm pull oci://…` takes one chart reference at a time. */
  readonly fetchesTogether = false;
  /** `helm push` sends our archive as it is: the chart layer digest is its SHA-256. */
  readonly repackages = false;
  readonly #options: OciPublisherOptions;
  readonly #clients = new Map<string, RegistryClient>();
  readonly #loggedIn = new Set<string>();
  readonly #logins = new Map<string, Promise<void>>();

  constructor(options: OciPublisherOptions) {
    this.#options = options;
  }

  get #tls(): TlsFlags {
    const { settings } = this.#options;
    return { caFile: settings.caFile, insecure: settings.insecure, plainHttp: settings.plainHttp };
  }

  takesDirectory(): boolean {
    return false;
  }

  #client(host: string): RegistryClient {
    let client = this.#clients.get(host);
    if (client === undefined) {
      const { settings, http } = this.#options;
      const auth =
        settings.username !== undefined && settings.password !== undefined
          ? { username: settings.username, password: settings.password }
          : undefined;
      client = new RegistryClient(host, http, auth, settings.plainHttp);
      this.#clients.set(host, client);
    }
    return client;
  }

  async prepare(targets: Target[], options: { dryRun: boolean }): Promise<void> {
    const { settings } = this.#options;
    if (options.dryRun || settings.username === undefined || settings.password === undefined)
      return;
    for (const host of new Set(targets.map((t) => parseOciUrl(t.repoUrl).host))) {
      await this.#login(host);
    }
  }

  /** One `helm registry login` per host, whoever asks first (prepare, or a denied lookup). */
  #login(host: string): Promise<void> {
    const { settings, helm } = this.#options;
    let login = this.#logins.get(host);
    if (login === undefined) {
      login = (async () => {
        const problem = loginHostProblem(host);
        if (problem !== undefined) throw new PublishError(problem);
        await helm.run(
          registryLoginCommand(
            helm,
            host,
            settings.username ?? '',
            settings.password ?? '',
            this.#tls,
          ),
          `logging in to ${host} (check \`username\`/\`password\`)`,
        );
        this.#loggedIn.add(host);
      })();
      this.#logins.set(host, login);
    }
    return login;
  }

  #repository(target: Target, name: string): { host: string; repository: string } {
    const { host, path: ns } = parseOciUrl(target.repoUrl);
    return { host, repository: ns === '' ? name : `${ns}/${name}` };
  }

  /**
   * After a successful login, 401/403 means "not there yet" (Docker Hub, Artifactory:
   * distribution/distribution#1291); without credentials it stays a credentials error.
   */
  async #lookup(
    host: string,
    repository: string,
    tag: string,
    signal?: AbortSignal,
  ): Promise<{ manifest?: ManifestInfo; denied?: number }> {
    const { settings, logger } = this.#options;
    let denied: number | undefined;
    const onDenied =
      settings.username !== undefined && settings.password !== undefined
        ? (status: number) => (denied = status)
        : undefined;
    const manifest = await this.#client(host).manifest(repository, tag, onDenied, signal);
    if (denied === undefined) return manifest !== undefined ? { manifest } : {};
    await this.#login(host);
    logger.debug(`${host}/${repository}:${tag} answered ${denied} after login: not there yet`);
    return { denied };
  }

  async inspect(target: Target, jobs: PublishJob[]): Promise<Inspection> {
    const existing = new Map<string, { digest?: string }>();
    for (const { chart } of jobs) {
      const { host, repository } = this.#repository(target, chart.name);
      const { manifest } = await this.#lookup(host, repository, ociTag(chart.version));
      if (manifest !== undefined) {
        existing.set(
          versionKey(chart.name, chart.version),
          manifest.chartDigest !== undefined ? { digest: manifest.chartDigest } : {},
        );
      }
    }
    return { existing };
  }

  async push(target: Target, item: PackagedChart): Promise<PushOutcome> {
    const { helm } = this.#options;
    const archive = archiveOf(item);
    const result = await helm.run(
      ociPushCommand(helm, archive.file, target.repoUrl, this.#tls),
      `helm push to ${target.repoUrl}`,
    );
    // The chart's own digest is the layer digest, i.e. the SHA-256 of the bytes we pushed.
    const manifestDigest = pushedManifestDigest(result);
    if (manifestDigest === undefined) {
      this.#options.logger.debug(`${target.repoUrl}: helm push printed no manifest digest`);
    }
    return {
      kind: 'saved',
      digest: archive.digest,
      ...(manifestDigest !== undefined && { manifestDigest }),
    };
  }

  async check(
    target: Target,
    expectations: VerifyExpectation[],
    signal?: AbortSignal,
  ): Promise<Map<PackagedChart, VerifyOutcome>> {
    const outcomes = new Map<PackagedChart, VerifyOutcome>();
    for (const expectation of expectations) {
      const { host, repository } = this.#repository(target, expectation.item.job.chart.name);
      const tag = ociTag(expectation.item.job.chart.version);
      const { manifest, denied } = await this.#lookup(host, repository, tag, signal);
      const digest = manifest?.chartDigest;
      if (manifest === undefined) {
        const seen =
          denied !== undefined
            ? `${repository}:${tag} answered ${denied} after a successful login`
            : `tag ${tag} is not in ${repository}`;
        outcomes.set(expectation.item, { ok: false, seen });
      } else if (digest === undefined) {
        outcomes.set(expectation.item, {
          ok: false,
          seen: `${repository}:${tag} has no Helm chart layer`,
        });
      } else if (expectation.digest !== undefined && digest !== expectation.digest) {
        outcomes.set(expectation.item, {
          ok: false,
          digest,
          seen: `chart layer ${digest} instead of ${expectation.digest}`,
        });
      } else {
        outcomes.set(expectation.item, { ok: true, digest });
      }
    }
    return outcomes;
  }

  async fetchBack(
    target: Target,
    items: PackagedChart[],
    destination: string,
  ): Promise<Map<PackagedChart, string>> {
    const { helm } = this.#options;
    const digests = new Map<PackagedChart, string>();
    for (const [index, item] of items.entries()) {
      const dir = items.length === 1 ? destination : path.join(destination, String(index));
      await mkdir(dir, { recursive: true });
      const { name, version } = item.job.chart;
      await helm.run(
        ociPullCommand(helm, `${target.repoUrl}/${name}`, version, dir, this.#tls),
        `pulling ${name} ${version} back from ${target.repoUrl}`,
      );
      const file = (await chartArchivesIn(dir, [item.fileName])).get(item.fileName);
      if (file === undefined) {
        throw new PublishError(
          `helm pull of ${name} ${version} from ${target.repoUrl} produced no chart archive`,
        );
      }
      digests.set(item, await sha256File(file));
    }
    return digests;
  }

  async close(): Promise<void> {
    const { helm } = this.#options;
    for (const host of this.#loggedIn) {
      await helm
        .run(registryLogoutCommand(helm, host), `logging out of ${host}`)
        .catch(() => undefined);
    }
    this.#loggedIn.clear();
    this.#logins.clear();
  }
}
