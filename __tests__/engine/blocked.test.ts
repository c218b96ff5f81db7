// Jobs a failed check stops are `not-attempted` and name the blocker; each check error stays
// with the chart (and URL) it is about; identical failures read as one line per cause.
import { describe, expect, it } from 'vitest';
import { CredentialsRejectedError } from '../../src/repo/chartrepo.js';
import { failureLines } from '../../src/report/results.js';
import { repoOf, runHarness } from '../../test/support/pipeline-harness.js';

describe('not-attempted jobs', () => {
  it('a job stopped by another namespace’s failed check is not-attempted, naming it', async () => {
    const { results, publisher } = await runHarness({
      fake: { unreadable: { [repoOf('team-b')]: 'GET team-b/index.yaml answered 401' } },
    });
    expect(publisher.ops('push')).toHaveLength(0);
    const a = results.filter((r) => r.namespace === 'team-a');
    expect(a.map((r) => r.status)).toEqual(['not-attempted', 'not-attempted']);
    expect(a[0]?.error).toBe(
      'not attempted: the pre-push check of team-b failed; nothing is pushed unless every check passes',
    );
    expect(results.filter((r) => r.namespace === 'team-b').map((r) => r.status)).toEqual([
      'failed',
      'failed',
    ]);
  });

  it('with if-exists: fail, the others name the version that exists', async () => {
    const { results } = await runHarness({
      fake: { stored: { [repoOf('team-a')]: { 'alpha@1.0.0': 'a'.repeat(64) } } },
    });
    expect(results.map((r) => r.status)).toEqual([
      'failed',
      'not-attempted',
      'not-attempted',
      'not-attempted',
    ]);
    expect(results[1]?.error).toMatch(/^not attempted: alpha 1\.0\.0 already exists in team-a/);
  });

  it('after a 401 on upload, later uploads are not-attempted', async () => {
    // The first upload is refused with 401, as a repository that rejects the credentials.
    const refusing = {
      onPush: (key: string) => {
        if (key === 'alpha@1.0.0') throw new CredentialsRejectedError('POST answered 401');
      },
    };
    const { results } = await runHarness({
      settings: { parallel: 1 },
      fake: refusing,
      charts: ['alpha', 'beta'],
      namespaces: ['a'],
    });
    expect(results.map((r) => r.status)).toEqual(['failed', 'not-attempted']);
    expect(results[1]?.error).toMatch(/earlier upload .* refused with 401/);
  });
});

describe('check errors stay with their chart', () => {
  it('a registry read failing for greeter is not quoted for hello', async () => {
    const greeterUrl = 'https://reg.test/v2/team-a/greeter/manifests/1.0.0';
    const { results } = await runHarness({
      scheme: 'oci',
      settings: { parallel: 1 },
      fake: {
        readsTogether: false,
        unreadableCharts: { 'greeter@1.0.0': `${greeterUrl} answered 500` },
      },
      charts: ['greeter', 'hello'],
      namespaces: ['team-a'],
    });
    const greeter = results.find((r) => r.chart === 'greeter');
    const hello = results.find((r) => r.chart === 'hello');
    expect(greeter?.status).toBe('failed');
    expect(greeter?.error).toContain(greeterUrl);
    expect(hello?.status).toBe('not-attempted');
    expect(hello?.error).not.toContain('greeter');
  });
});

describe('failures grouped by cause', () => {
  it('a wrong password on 10 charts × 3 namespaces reads as 3 lines and 1 for the stopped', async () => {
    const charts = Array.from({ length: 10 }, (_, i) => `chart${String(i)}`);
    const namespaces = ['ns-1', 'ns-2', 'ns-3'];
    const unreadable = Object.fromEntries(
      namespaces.map((ns) => [repoOf(ns), `GET ${repoOf(ns)}/index.yaml answered 401`]),
    );
    const { results } = await runHarness({ fake: { unreadable }, charts, namespaces });
    const lines = failureLines(results);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      `${charts.map((c) => `${c} 1.0.0`).join(', ')} → ns-1: GET ${repoOf('ns-1')}/index.yaml answered 401`,
    );
  });

  it('the causes come first, the jobs they stopped after them', async () => {
    const { results } = await runHarness({
      fake: { unreadable: { [repoOf('team-b')]: 'down' } },
      charts: ['alpha', 'beta'],
      namespaces: ['team-a', 'team-b'],
    });
    const lines = failureLines(results);
    expect(lines).toEqual([
      'alpha 1.0.0, beta 1.0.0 → team-b: down',
      expect.stringMatching(/^alpha 1\.0\.0, beta 1\.0\.0 → team-a: not attempted: /),
    ]);
  });
});
