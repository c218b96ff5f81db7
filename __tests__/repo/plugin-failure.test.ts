// helm-push failures are read from its own `Error: <status>: <message>` line (cobra's output
// before the usage; getChartmuseumError in chartmuseum/helm-push cmd/helm-cm-push/main.go),
// never from a status-like number elsewhere in the output.
import { describe, expect, it } from 'vitest';
import { pluginFailure, pluginFailureMessage } from '../../src/repo/plugin.js';

const USAGE =
  'Usage:\n  helm cm-push [flags]\n\nFlags:\n  -f, --force   Force upload even if chart version exists\n';
const HELM_LINE = 'Error: plugin "cm-push" exited with error\n';
const stderr = (line: string): string => `${line}\n${USAGE}\n${HELM_LINE}`;

describe('pluginFailure', () => {
  it.each([
    ['Error: 409: file already exists', 409, 'file already exists'],
    [
      'Error: 401: could not properly parse response JSON: Unauthorized',
      401,
      'could not properly parse response JSON: Unauthorized',
    ],
    ['Error: 403: forbidden', 403, 'forbidden'],
    ['Error: 500: injected 500', 500, 'injected 500'],
  ])('%s', (line, status, message) => {
    expect(pluginFailure(stderr(line))).toEqual({ status, message });
  });

  it('a version 1.0.409 or a namespace team-403 is no status', () => {
    const failure = pluginFailure(
      stderr(
        'Error: Post "http://127.0.0.1:1/api/chartrepo/team-403/charts": dial tcp 127.0.0.1:1: connect: connection refused',
      ),
    );
    expect(failure?.status).toBeUndefined();
    expect(failure?.message).toContain('team-403');
    expect(pluginFailure(stderr('Error: 500: cannot store hello-1.0.409.tgz in team-403'))).toEqual(
      { status: 500, message: 'cannot store hello-1.0.409.tgz in team-403' },
    );
  });

  it('skips Helm’s own line and finds nothing without helm-push’s', () => {
    expect(pluginFailure(`Pushing hello-1.0.409.tgz to team-403...\n${HELM_LINE}`)).toBeUndefined();
    expect(pluginFailure('')).toBeUndefined();
  });
});

describe('pluginFailureMessage', () => {
  const repo = 'https://h/chartrepo/team-403';
  it('names the inputs to check for 401 and 403', () => {
    expect(pluginFailureMessage({ status: 401, message: 'x' }, repo, '`access-token`')).toBe(
      `upload to ${repo} was refused (401 unauthorized: x): check \`access-token\` for ${repo}: the credentials were rejected (no further uploads were tried: every namespace gets the same credentials)`,
    );
    expect(
      pluginFailureMessage({ status: 403, message: 'x' }, repo, '`username`/`password`'),
    ).toMatch(
      /^upload to .* was refused \(403 forbidden: x\): the namespace does not exist or the account may not push to it; .*`namespaces`.*\(`username`\/`password`\)$/,
    );
  });

  it('keeps anything else as helm-push said it', () => {
    expect(pluginFailureMessage({ status: 500, message: 'boom' }, repo, '')).toBe(
      `helm-push could not upload to ${repo}: HTTP 500: boom`,
    );
  });
});
