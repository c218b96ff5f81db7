// Progress while a run waits: a log line when each namespace's verification and fetch-back start
// and end, a heartbeat while they run, and each job's own time.
import { describe, expect, it } from 'vitest';
import type { TargetEvent } from '../../src/types/result.js';
import { recordingLogger } from '../../test/support/logger.js';
import { runHarness } from '../../test/support/pipeline-harness.js';

describe('namespace steps', () => {
  it('logs the start and end of verification and fetch-back per namespace', async () => {
    const lines: string[] = [];
    const { events } = await runHarness({
      settings: { fetchBack: true, verifyTimeoutSeconds: 120 },
      context: { logger: recordingLogger(lines), heartbeatMs: 0 },
    });
    for (const ns of ['team-a', 'team-b']) {
      expect(lines).toContain(`${ns}: verifying 2 charts (up to \`verify-timeout\` 120s)`);
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${ns}: verification done in [\\d.]+s, 2 of 2 charts verified$`),
        ),
      );
      expect(lines).toContain(`${ns}: fetching back 2 charts`);
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(`^${ns}: fetch-back done in [\\d.]+s, 2 of 2 charts fetched back$`),
        ),
      );
    }
    const steps = events.filter((e): e is TargetEvent => e.stage === 'target');
    expect(steps.map((e) => `${e.step} ${e.phase} ${e.where}`)).toEqual(
      expect.arrayContaining(['verify start team-a', 'verify end team-a', 'fetch-back end team-b']),
    );
  });

  it('says what it waits for, where and how long while verification runs', async () => {
    const lines: string[] = [];
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    // Verification answers only once a heartbeat was logged: no waiting on the clock.
    const logger = {
      ...recordingLogger(lines),
      info: (m: string) => {
        lines.push(m);
        if (m.includes('still verifying')) release();
      },
    };
    await runHarness({
      settings: { verifyTimeoutSeconds: 120 },
      fake: { checkGate: () => released },
      charts: ['alpha'],
      namespaces: ['team-a'],
      context: { logger, heartbeatMs: 5 },
    });
    expect(lines).toContainEqual(
      expect.stringMatching(/^team-a: still verifying 1 chart, [\d.]+s of `verify-timeout` 120s$/),
    );
  });

  it('a live display gets no heartbeat and no line per push', async () => {
    const lines: string[] = [];
    await runHarness({
      charts: ['alpha'],
      namespaces: ['team-a'],
      context: { logger: recordingLogger(lines), live: true, heartbeatMs: 1 },
    });
    expect(lines.some((l) => l.includes('still'))).toBe(false);
    expect(lines.some((l) => l.includes('→'))).toBe(false);
    expect(lines).toContain('team-a: verifying 1 chart (up to `verify-timeout` 0.3s)');
  });
});

describe('seconds', () => {
  it('is each job’s own time, not the time until the run ended', async () => {
    let clock = 0;
    const took: Record<string, number> = { 'alpha@1.0.0': 5000, 'beta@1.0.0': 1000 };
    const { results } = await runHarness({
      settings: { parallel: 1, verify: false },
      fake: { onPush: (key) => (clock += took[key] ?? 0) },
      charts: ['alpha', 'beta'],
      namespaces: ['a'],
      context: { now: () => clock },
    });
    expect(results.map((r) => [r.chart, r.seconds])).toEqual([
      ['alpha', 5],
      ['beta', 1],
    ]);
  });
});
