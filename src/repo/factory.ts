import { InputError } from '../errors.js';
import type { Helm } from '../helm/cli.js';
import { ociCompatibilityProblems } from '../helm/compat.js';
import type { Platform } from '../helm/platform.js';
import type { HttpClient } from '../http/client.js';
import type { Logger } from '../logger.js';
import type { Publisher } from '../types/publisher.js';
import type { PushMethod, Settings } from '../types/settings.js';
import { HttpPublisher } from './http-publisher.js';
import { OciPublisher } from './oci.js';
import { PluginPublisher } from './plugin-publisher.js';
import {
  cacheHelmPush,
  helmPushVersionFor,
  installHelmPush,
  pluginCompatibilityProblem,
} from './plugin.js';

export interface PublisherDeps {
  settings: Settings;
  /** The client for the repositories (with `ca-file`/`insecure`). */
  http: HttpClient;
  /** The client for downloads from mirrors. */
  mirrorHttp: HttpClient;
  helm: Helm;
  platform: Platform;
  logger: Logger;
  /** Where set-up put the method's own tool (helm-push) in the tool cache, if it has one. */
  tools?: string;
}

/** What a publisher's tools are fetched with, before Helm is installed. */
export interface PrefetchDeps {
  settings: Settings;
  helmMajor: number;
  mirrorHttp: HttpClient;
  platform: Platform;
  logger: Logger;
  tempDir: string;
}

interface Provider {
  /** Why this method cannot work with this Helm, if it cannot. */
  problems(settings: Settings, helm: { version: string; major: number; minor: number }): string[];
  /** Packages even a .tgz again before uploading (so a .prov beside it would not match). */
  repackagesArchives: boolean;
  /** Fetches the method's own tools into the tool cache, alongside Helm's download. */
  prefetch?(deps: PrefetchDeps): Promise<string>;
  create(deps: PublisherDeps): Promise<Publisher>;
}

/** One provider per push method, as Helm's pusher providers are picked by scheme. */
const PROVIDERS: Record<PushMethod, Provider> = {
  http: {
    problems: () => [],
    repackagesArchives: false,
    create: (deps) => Promise.resolve(new HttpPublisher(deps)),
  },
  plugin: {
    problems: (settings, helm) => {
      const problem = pluginCompatibilityProblem(
        helm.version,
        helmPushVersionFor(helm.major, settings.helmPushVersion),
      );
      return problem !== undefined ? [problem] : [];
    },
    // helm-push packages every chart, even a .tgz (cmd/helm-cm-push/main.go, CreateChartPackage).
    repackagesArchives: true,
    prefetch: ({ settings, helmMajor, mirrorHttp, platform, logger, tempDir }) =>
      cacheHelmPush({
        version: helmPushVersionFor(helmMajor, settings.helmPushVersion),
        mirror: settings.helmPushMirror,
        checksum: settings.helmPushChecksum,
        http: mirrorHttp,
        platform,
        logger,
        tempDir,
      }),
    create: async (deps) => {
      const { settings, helm, mirrorHttp, platform, logger } = deps;
      const version = helmPushVersionFor(helm.major, settings.helmPushVersion);
      await installHelmPush({
        version,
        mirror: settings.helmPushMirror,
        checksum: settings.helmPushChecksum,
        http: mirrorHttp,
        platform,
        home: helm.home,
        helmMajor: helm.major,
        logger,
        tempDir: helm.home.workDir,
        cached: deps.tools,
      });
      return new PluginPublisher(deps, version);
    },
  },
  oci: {
    repackagesArchives: false,
    problems: (settings, helm) =>
      ociCompatibilityProblems(helm, `Helm is ${helm.version}`, settings),
    create: (deps) => Promise.resolve(new OciPublisher(deps)),
  },
};

/** Stops with an InputError when the push method cannot work with this Helm version. */
export function checkPublisherCompatibility(
  settings: Settings,
  helm: { version: string; major: number; minor: number },
): void {
  const problems = PROVIDERS[settings.pushMethod].problems(settings, helm);
  if (problems.length > 0) throw new InputError(problems);
}

/** The publisher for the run's push method, with what it needs installed (helm-push). */
export function createPublisher(deps: PublisherDeps): Promise<Publisher> {
  return PROVIDERS[deps.settings.pushMethod].create(deps);
}

/** Whether the run's push method packages a .tgz again before uploading it. */
export function repackagesArchives(settings: Settings): boolean {
  return PROVIDERS[settings.pushMethod].repackagesArchives;
}

/** Fetches the push method's own tool (helm-push) into the tool cache: its folder there, if any. */
export function prefetchPublisherTools(deps: PrefetchDeps): Promise<string | undefined> {
  return PROVIDERS[deps.settings.pushMethod].prefetch?.(deps) ?? Promise.resolve(undefined);
}
