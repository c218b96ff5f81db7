// The terminal display: one line per chart × namespace rewritten in place, a line per namespace
// still verifying, log lines above it, and one compact line when the run outgrows the screen.
import { describe, expect, it } from 'vitest';
import { LiveProgress, type TtyStream } from '../../src/cli/progress.js';
import type { ChartResult, ProgressEvent } from '../../src/types/result.js';
import { chartResult } from '../../test/support/results.js';

/** A fake terminal: applies the two escapes the display uses and keeps the screen's lines. */
class FakeTty implements TtyStream {
  screen: string[] = [''];
  writes = 0;
  constructor(
    readonly rows = 24,
    readonly columns = 120,
  ) {}

  write(text: string): boolean {
    this.writes++;
    // ESC[nF: up n lines to column 0; ESC[0J: erase to the end of the screen.
    const esc = String.fromCharCode(27);
    const parts = text.split(new RegExp(`(${esc}\\[\\d+F|${esc}\\[0J)`));
    for (const part of parts) {
      const up = new RegExp(`^${esc}\\[(\\d+)F$`).exec(part);
      if (up !== null) {
        this.screen.splice(this.screen.length - 1 - Number(up[1]), Number(up[1]) + 1, '');
        this.screen.length = Math.max(this.screen.length, 1);
      } else if (part !== `${esc}[0J`) {
        const lines = part.split('\n');
        this.screen[this.screen.length - 1] = `${this.screen.at(-1) ?? ''}${lines[0] ?? ''}`;
        this.screen.push(...lines.slice(1));
      }
    }
    return true;
  }

  get lines(): string[] {
    return this.screen.slice(0, -1);
  }
}

const result = (chart: string, namespace: string): ChartResult =>
  chartResult(namespace, { chart, repo: `https://r/${namespace}` });

const job = (stage: ProgressEvent['stage'], chart: string, ns: string): ProgressEvent =>
  stage === 'target'
    ? { stage, step: 'verify', phase: 'start', where: ns, charts: 1, seconds: 0 }
    : { stage, result: result(chart, ns) };

describe('LiveProgress', () => {
  it('keeps one line per job, updated in place', () => {
    const tty = new FakeTty();
    const live = new LiveProgress(tty, () => 0, 0);
    for (const ns of ['a', 'b']) {
      for (const stage of ['pushing', 'pushed', 'verified'] as const)
        live.update(job(stage, 'hello', ns));
    }
    expect(tty.lines).toEqual(['✓ hello 1.0.0 → a verified', '✓ hello 1.0.0 → b verified']);
    live.close(true);
    expect(tty.lines).toHaveLength(2);
  });

  it('shows namespaces still verifying, with the time, until they end', () => {
    let now = 0;
    const tty = new FakeTty();
    const live = new LiveProgress(tty, () => now, 0);
    live.update(job('pushed', 'hello', 'a'));
    live.update(job('target', '', 'a'));
    now = 12_000;
    live.update(job('verified', 'hello', 'a'));
    expect(tty.lines).toEqual(['✓ hello 1.0.0 → a verified', '  a: verifying 1 chart, 12s']);
    live.update({
      stage: 'target',
      step: 'verify',
      phase: 'end',
      where: 'a',
      charts: 1,
      seconds: 12,
    });
    expect(tty.lines).toEqual(['✓ hello 1.0.0 → a verified']);
  });

  it('writes log lines above the display', () => {
    const tty = new FakeTty();
    const live = new LiveProgress(tty, () => 0, 0);
    live.update(job('pushing', 'hello', 'a'));
    live.log('a: verifying 1 chart');
    live.update(job('pushed', 'hello', 'a'));
    expect(tty.lines).toEqual(['a: verifying 1 chart', '↑ hello 1.0.0 → a pushed']);
  });

  it('turns into one compact line when the jobs outgrow the screen', () => {
    const tty = new FakeTty(5);
    const live = new LiveProgress(tty, () => 0, 0);
    for (let i = 0; i < 10; i++)
      live.update(job(i < 7 ? 'verified' : 'pushing', `c${String(i)}`, 'a'));
    expect(tty.lines).toEqual(['10 jobs: 7 verified, 3 pushing']);
  });

  it('erases itself on close when a table follows', () => {
    const tty = new FakeTty();
    const live = new LiveProgress(tty, () => 0, 0);
    live.update(job('pushed', 'hello', 'a'));
    live.close(false);
    expect(tty.lines).toEqual([]);
  });
});
