// The pipeline in-process against a fake publisher: every policy the engine applies, without
// Helm or a network. The e2e suite proves the same paths against real Helm and real servers.
import { describe, expect, it } from 'vitest';
import type { ChartResult } from '../../src/types/result.js';
import type { Settings } from '../../src/types/settings.js';
import type { FakeOptions } from '../../test/support/fake-publisher.js';
import { digestOf, runHarness, type HarnessRun } from '../../test/support/pipeline-harness.js';

const run = (
  settings: Partial<Settings>,
  fake: FakeOptions = {},
  charts = ['alpha', 'beta'],
  namespaces = ['team-a', 'team-b'],
): Promise<HarnessRun> => runHarness({ settings, fake, charts, namespaces });

const statuses = (results: ChartResult[]): string[] =>
  results.map((r) => `${r.chart}/${r.namespace}:${r.status}`);
const url = (ns: string): string => `https://repo.test/chartrepo/${ns}`;

describe('pipeline: the check before pushing', () => {
  it('pushes, verifies and reports every chart × target', async () => {
    const { results, publisher } = await run({});
    expect(statuses(results)).toEqual([
      'alpha/team-a:pushed',
      'alpha/team-b:pushed',
      'beta/team-a:pushed',
      'beta/team-b:pushed',
    ]);
    expect(results.every((r) => r.verified && r.digest.startsWith('sha256:'))).toBe(true);
    expect(publisher.ops('push')).toHaveLength(4);
  });

  it('an unreadable target blocks every push, everywhere', async () => {
    const { results, publisher } = await run(
      {},
      { unreadable: { [url('team-b')]: '401 from team-b' } },
    );
    expect(publisher.ops('push')).toHaveLength(0);
    expect(publisher.ops('prepare')).toHaveLength(0);
    expect(results.filter((r) => r.namespace === 'team-b').map((r) => r.status)).toEqual([
      'failed',
      'failed',
    ]);
    expect(results.filter((r) => r.namespace === 'team-a').map((r) => r.status)).toEqual([
      'not-attempted',
      'not-attempted',
    ]);
    expect(results.find((r) => r.namespace === 'team-a')?.error).toMatch(
      /^not attempted: the pre-push check of team-b failed/,
    );
    expect(results.find((r) => r.namespace === 'team-b')?.error).toBe('401 from team-b');
  });

  it.each([
    ['fail', 'failed', 0],
    ['skip', 'skipped', 3],
    ['overwrite', 'overwritten', 4],
  ] as const)('if-exists: %s with alpha already in team-a', async (ifExists, status, pushes) => {
    const { results, publisher } = await run(
      { ifExists },
      { stored: { [url('team-a')]: { 'alpha@1.0.0': 'a'.repeat(64) } } },
    );
    expect(results.find((r) => r.chart === 'alpha' && r.namespace === 'team-a')?.status).toBe(
      status,
    );
    expect(publisher.ops('push')).toHaveLength(pushes);
    if (ifExists === 'overwrite')
      expect(publisher.ops('push').every((c) => c.force === true)).toBe(true);
    if (ifExists === 'skip') {
      const skipped = results.find((r) => r.status === 'skipped');
      expect(skipped?.digest).toBe(`sha256:${'a'.repeat(64)}`);
      expect(results.filter((r) => r.status === 'pushed')).toHaveLength(3);
    }
    if (ifExists === 'fail') {
      expect(results.find((r) => r.chart === 'alpha' && r.namespace === 'team-a')?.error).toMatch(
        /already exists .*set `if-exists`/,
      );
    }
  });
});

describe('pipeline: a 409 on upload', () => {
  it('with our own digest in the repository is ours (a retried upload that landed)', async () => {
    const { results } = await run(
      {},
      { conflicts: { 'alpha@1.0.0': digestOf('alpha') } },
      ['alpha'],
      ['a'],
    );
    expect(results[0]?.status).toBe('pushed');
    expect(results[0]?.verified).toBe(true);
  });

  it('with another digest fails with if-exists: fail, and is skipped with skip', async () => {
    const other = { conflicts: { 'alpha@1.0.0': 'c'.repeat(64) } };
    const failed = await run({}, other, ['alpha'], ['a']);
    expect(failed.results[0]?.status).toBe('failed');
    expect(failed.results[0]?.error).toMatch(/already exists/);
    const skipped = await run({ ifExists: 'skip' }, other, ['alpha'], ['a']);
    expect(skipped.results[0]?.status).toBe('skipped');
    expect(skipped.results[0]?.digest).toBe(`sha256:${'c'.repeat(64)}`);
  });

  it('when forced is a refusal that names the server setting', async () => {
    const { results } = await run(
      { ifExists: 'overwrite' },
      { conflicts: { 'alpha@1.0.0': 'c'.repeat(64) } },
      ['alpha'],
      ['a'],
    );
    expect(results[0]?.error).toMatch(/refused to overwrite .* even when forced/);
  });

  it('from a re-packaging publisher is never taken for ours', async () => {
    const { results } = await run(
      {},
      { repackages: true, conflicts: { 'alpha@1.0.0': digestOf('alpha') } },
      ['alpha'],
      ['a'],
    );
    expect(results[0]?.status).toBe('failed');
  });
});

describe('pipeline: verify and fetch back', () => {
  it('polls a lagging index until the version shows', async () => {
    const { results, publisher } = await run(
      { verifyTimeoutSeconds: 10 },
      { indexLag: 2 },
      ['alpha'],
      ['a'],
    );
    expect(results[0]?.verified).toBe(true);
    expect(publisher.ops('check').length).toBe(3);
  });

  it('fails a version that never shows, naming what was seen and the setting', async () => {
    const { results } = await run({}, { neverListed: ['beta@1.0.0'] }, ['alpha', 'beta'], ['a']);
    expect(results.map((r) => r.status)).toEqual(['pushed', 'failed']);
    expect(results[1]?.error).toMatch(
      /not verified .* within 0.3s: beta@1.0.0 is not in the index .*`verify-timeout`/,
    );
  });

  it('a re-packaging publisher takes the digest from the index', async () => {
    const { results } = await run({}, { repackages: true }, ['alpha'], ['a']);
    expect(results[0]?.digest).toBe(`sha256:e${digestOf('alpha').slice(1)}`);
  });

  it('fetch-back compares digests and fails only the mismatching chart', async () => {
    const { results, publisher } = await run(
      { fetchBack: true, parallel: 1 },
      { corruptFetch: ['beta@1.0.0'] },
      ['alpha', 'beta'],
      ['a'],
    );
    expect(results.map((r) => [r.status, r.fetched])).toEqual([
      ['pushed', true],
      ['failed', false],
    ]);
    expect(results[1]?.error).toMatch(/has sha256:0+, but the repository lists sha256:/);
    // One shared pull (parallel 1): each chart's bytes are compared on their own.
    expect(publisher.ops('fetchBack').map((c) => c.charts?.length)).toEqual([2]);
  });

  it('a failed push is neither verified nor fetched; the others go on', async () => {
    const { results, publisher } = await run(
      { fetchBack: true },
      { failingPushes: { 'alpha@1.0.0': 'HTTP 500' } },
      ['alpha', 'beta'],
      ['a'],
    );
    expect(results.map((r) => r.status)).toEqual(['failed', 'pushed']);
    expect(publisher.ops('check').flatMap((c) => c.charts)).not.toContain('alpha@1.0.0');
    expect(publisher.ops('fetchBack').flatMap((c) => c.charts)).toEqual(['beta@1.0.0']);
  });
});

describe('pipeline: dry run and progress', () => {
  it('dry-run reads nothing and sends nothing', async () => {
    const { results, publisher } = await run({ dryRun: true });
    expect(results.every((r) => r.status === 'dry-run')).toBe(true);
    expect(publisher.calls.map((c) => c.op)).toEqual(['prepare']);
  });

  it('every job reports its stages in order, once each', async () => {
    const { events } = await run({ fetchBack: true }, {}, ['alpha'], ['a']);
    const jobStages = events.filter((e) => e.stage !== 'target').map((e) => e.stage);
    expect(jobStages).toEqual(['pushing', 'pushed', 'verified', 'fetched']);
  });

  it('later stages go first: verification of a done target is not queued behind pushes', async () => {
    const { publisher } = await run({ parallel: 1 }, {}, ['alpha', 'beta', 'gamma'], ['a', 'b']);
    const ops = publisher.calls
      .filter((c) => c.op === 'push' || c.op === 'check')
      .map((c) => `${c.op}:${c.target?.slice(-1) ?? ''}`);
    // Target a's check runs before target b's last push.
    expect(ops.indexOf('check:a')).toBeLessThan(ops.lastIndexOf('push:b'));
  });
});
