import { withDownloadHint } from '../errors/network.js';
import { Helm } from '../helm/cli.js';
import { initCommand } from '../helm/commands.js';
import { createHelmHome, type HelmHome } from '../helm/home.js';
import { installHelm, parseHelmVersion, resolveHelmVersion } from '../helm/install.js';
import type { Platform } from '../helm/platform.js';
import type { HttpClient } from '../http/client.js';
import type { Logger } from '../logger.js';
import { checkPublisherCompatibility, prefetchPublisherTools } from '../repo/factory.js';
import type { Settings } from '../types/settings.js';

export interface SetupContext {
  settings: Settings;
  mirrorHttp: HttpClient;
  platform: Platform;
  logger: Logger;
  tempDir: string;
  /** Called as soon as the per-run home exists, so that a post step can remove it after a crash. */
  onHome?: (root: string) => void;
}

/**
 * Resolves the Helm version, checks the push method can work with it, then creates the per-run
 * Helm home. The caller removes the home; `installHelm` then runs inside it.
 */
export async function prepareHelm(
  context: SetupContext,
): Promise<{ version: string; home: HelmHome }> {
  const { settings, mirrorHttp, logger } = context;
  const version = await resolveHelmVersion(
    settings.helmVersion,
    settings.helmMirror,
    mirrorHttp,
    logger,
  ).catch((error: unknown) => {
    throw withDownloadHint(error, 'helm');
  });
  const parsed = parseHelmVersion(version);
  checkPublisherCompatibility(settings, { version, ...parsed });
  const home = await createHelmHome(context.tempDir, parsed.major);
  context.onHome?.(home.root);
  return { version, home };
}

/**
 * Installs Helm (tool cache or checksum-verified download) and initialises a Helm 2 home. The
 * push method's own tools (helm-push) are fetched into the tool cache at the same time.
 */
export async function installHelmInto(
  version: string,
  home: HelmHome,
  context: SetupContext,
): Promise<{ helm: Helm; tools?: string }> {
  const { settings, mirrorHttp, platform, logger } = context;
  const [installation, tools] = await Promise.all([
    installHelm(version, {
      mirror: settings.helmMirror,
      http: mirrorHttp,
      platform,
      logger,
      tempDir: home.workDir,
      checksum: settings.helmChecksum,
    }).catch((error: unknown) => {
      throw withDownloadHint(error, 'helm');
    }),
    prefetchPublisherTools({
      settings,
      helmMajor: parseHelmVersion(version).major,
      mirrorHttp,
      platform,
      logger,
      tempDir: home.workDir,
    }).catch((error: unknown) => {
      throw withDownloadHint(error, 'helm-push');
    }),
  ]);
  const helm = new Helm(installation, home, logger);
  const init = initCommand(helm);
  if (init !== undefined) await helm.run(init, 'initialising the Helm 2 client home');
  return { helm, tools };
}
