import { PublishError, errorMessage } from '../errors.js';
import { pluginCommandName, pluginPushCommand } from '../helm/commands.js';
import type { PackagedChart, Target } from '../types/plan.js';
import type { Inspection, PushOutcome } from '../types/publisher.js';
import { ChartRepoPublisher, type ChartRepoPublisherOptions } from './chart-repo-publisher.js';

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
   * Chart directories go to the plugin unpackaged, except where `helm package` must check them:
   * declared dependencies, `dependency-update`, `dry-run` (which packages), and helm-push 0.9.x
   * (Helm 2: no `--app-version`).
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

  async push(
    target: Target,
    item: PackagedChart,
    inspection: Inspection,
    force: boolean,
  ): Promise<PushOutcome> {
    const { settings, helm } = this.options;
    this.indexCache.notePushed(target, item);
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
      },
    );
    try {
      await helm.run(command, `helm-push to ${target.repoUrl}`);
    } catch (error) {
      const message = errorMessage(error);
      if (/\b409\b/.test(message)) return { kind: 'exists' };
      if (/\b(401|403)\b/.test(message)) {
        throw new PublishError(
          `upload to ${target.repoUrl} was refused (${/\b401\b/.test(message) ? '401' : '403'}): check \`username\`/\`password\` for ${target.repoUrl}`,
        );
      }
      throw error;
    }
    return { kind: 'saved' };
  }
}
