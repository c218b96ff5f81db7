import { PublishError } from '../errors.js';
import { HelmRunError } from '../helm/cli.js';
import { pluginCommandName, pluginPushCommand } from '../helm/commands.js';
import type { PushOutcome } from '../types/publisher.js';
import { CredentialsRejectedError } from './chartrepo.js';
import {
  ChartRepoPublisher,
  type ChartPush,
  type ChartRepoPublisherOptions,
} from './chart-repo-publisher.js';
import { pluginFailure, pluginFailureMessage } from './plugin.js';

/**
 * `push-method: plugin`: `helm cm-push` (helm-push). It re-packages every chart before
 * uploading, so chart directories go to it as they are and the stored digest comes from the index.
 */
export class PluginPublisher extends ChartRepoPublisher {
  readonly name = 'plugin';
  readonly repackages = true;

  constructor(
    options: ChartRepoPublisherOptions,
    private readonly pluginVersion: string,
  ) {
    super(options);
  }

  protected override get pushesThroughHelm(): boolean {
    return true;
  }

  /**
   * Directories go to the plugin unpackaged unless `helm package` must check them: dependencies,
   * `dependency-update`, `dry-run`, or helm-push 0.9.x (Helm 2: no `--app-version`).
   */
  override takesDirectory(chart: { kind: 'dir' | 'tgz'; declaresDependencies?: true }): boolean {
    const { settings } = this.options;
    return (
      chart.kind === 'dir' &&
      chart.declaresDependencies !== true &&
      pluginCommandName(this.pluginVersion) === 'cm-push' &&
      !settings.dryRun &&
      !settings.dependencyUpdate
    );
  }

  protected async upload({ target, item, inspection, force }: ChartPush): Promise<PushOutcome> {
    const { settings, helm } = this.options;
    const directory = item.kind === 'directory' ? item : undefined;
    const command = pluginPushCommand(
      this.pluginVersion,
      item.kind === 'archive' ? item.file : item.dir,
      this.repoName(target),
      {
        force,
        version: directory?.version,
        appVersion: directory?.appVersion,
        timeoutSeconds: settings.requestTimeoutSeconds,
        // Without --context-path helm-push reads the whole index again for serverInfo.contextPath;
        // "/" gives the same upload URL as none.
        contextPath: inspection.contextPath ?? '/',
        caFile: settings.caFile,
        insecure: settings.insecure ? true : undefined,
        // helm-push sends it as `Authorization: Bearer` when no user and password are known.
        env:
          settings.accessToken !== undefined
            ? { HELM_REPO_ACCESS_TOKEN: settings.accessToken }
            : undefined,
      },
    );
    try {
      await helm.run(command, `helm-push to ${target.repoUrl}`);
    } catch (error) {
      const failure = error instanceof HelmRunError ? pluginFailure(error.stderr) : undefined;
      if (failure === undefined) throw error;
      if (failure.status === 409) return { kind: 'exists' };
      const credentials =
        settings.accessToken !== undefined ? '`access-token`' : '`username`/`password`';
      const message = pluginFailureMessage(failure, target.repoUrl, credentials);
      if (failure.status === 401) throw new CredentialsRejectedError(message);
      throw new PublishError(message, { cause: error });
    }
    return { kind: 'saved' };
  }
}
