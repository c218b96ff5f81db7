import path from 'node:path';
import os from 'node:os';
import * as core from '@actions/core';
import { InputError, errorMessage } from './errors.js';
import { INPUT_NAMES, parseInputs, type InputName } from './inputs.js';
import { stripTrailingLineBreaks } from './inputs/sections/credentials.js';
import type { Logger } from './logger.js';
import { publish } from './engine/publish.js';
import { networkSettings } from './http/proxy.js';
import { removeHomeOnSignal } from './util/signals.js';
import { failsTheStep, failureGroups, groupSubjects } from './report/failures.js';
import { chartsOutput, failureLines, markdownSummary, pushedCount } from './report/results.js';

/**
 * The GitHub Actions adapter: inputs, secrets, outputs, job summary, annotations and the state
 * the post step needs. Everything GitHub-specific lives here; the engine is shared with the CLI.
 */

export const STATE_HOME = 'home';

export const actionLogger: Logger = {
  info: (m) => core.info(m),
  debug: (m) => core.debug(m),
  warning: (m, p) => core.warning(m, p ?? {}),
  error: (m, p) => core.error(m, p ?? {}),
  setSecret: (v) => core.setSecret(v),
  group: (name, fn) => core.group(name, fn),
};

/** Masks a credential and the encodings it travels in (Basic auth, docker config.json). */
export function maskCredentials(
  logger: Logger,
  username: string | undefined,
  password: string | undefined,
): void {
  if (password === undefined || password === '') return;
  logger.setSecret(password);
  logger.setSecret(Buffer.from(password).toString('base64'));
  if (username !== undefined)
    logger.setSecret(Buffer.from(`${username}:${password}`).toString('base64'));
}

export async function runAction(): Promise<void> {
  const logger = actionLogger;
  const getInput = (name: InputName): string =>
    name === 'password' ? core.getInput(name, { trimWhitespace: false }) : core.getInput(name);
  // The parser strips a pasted secret's trailing line break: mask what it will use.
  maskCredentials(
    logger,
    core.getInput('username') || undefined,
    stripTrailingLineBreaks(getInput('password')) || undefined,
  );
  // Sent as `Authorization: Bearer <token>`, which the mask of the token itself covers.
  if (core.getInput('access-token') !== '') logger.setSecret(core.getInput('access-token'));
  // A cancelled job sends SIGINT, then SIGTERM: remove the home at once; the post step is the backstop.
  let home: string | undefined;
  const stopHandlingSignals = removeHomeOnSignal(
    () => home,
    (line) => core.info(line),
  );
  try {
    const parsed = parseInputs(getInput);
    for (const warning of parsed.warnings) logger.warning(warning);
    if (parsed.settings === undefined) throw new InputError(parsed.problems);
    const settings = parsed.settings;
    const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
    const outcome = await publish(settings, {
      cwd: process.cwd(),
      tempDir: process.env.RUNNER_TEMP ?? os.tmpdir(),
      logger,
      network: networkSettings(process.env),
      onHome: (root) => {
        home = root;
        core.saveState(STATE_HOME, root);
      },
    });
    const { results } = outcome;
    core.setOutput('charts', JSON.stringify(chartsOutput(results)));
    core.setOutput('pushed', String(pushedCount(results)));
    core.setOutput('helm-path', outcome.helm.path);
    core.setOutput('helm-version', outcome.helm.version);
    if (settings.summary && process.env.GITHUB_STEP_SUMMARY !== undefined) {
      try {
        await core.summary.addRaw(markdownSummary(results, outcome.helm.version)).write();
      } catch (error) {
        logger.warning(`could not write the job summary: ${errorMessage(error)}`);
      }
    }
    // One annotation per distinct cause, on the chart's file when it is about one chart.
    for (const group of failureGroups(results)) {
      const files = new Set(group.results.map((r) => r.chartYaml));
      const [file] = files;
      logger.error(group.error, {
        title: groupSubjects(group),
        ...(files.size === 1 &&
          file !== undefined && { file: path.relative(workspace, file) || file }),
      });
    }
    const failures = failureLines(results);
    if (failures.length > 0) {
      const failed = results.filter(failsTheStep);
      core.setFailed(
        `${failed.length} of ${results.length} publish jobs failed:\n${failures.join('\n')}`,
      );
    } else {
      logger.info(`${pushedCount(results)} of ${results.length} published`);
    }
  } catch (error) {
    core.setFailed(errorMessage(error));
    if (!(error instanceof InputError))
      core.debug(error instanceof Error ? (error.stack ?? '') : '');
  } finally {
    stopHandlingSignals();
  }
}

export { INPUT_NAMES };
