// `npm test` must show progress in CI, where the default reporter waits for whole files.
import { describe, expect, it } from 'vitest';
import { testReporters } from '../../vitest.config.js';

describe('test reporters', () => {
  it('print each test as it ends in CI or without a terminal, with annotations on GitHub', () => {
    expect(testReporters({ CI: 'true' }, false)).toEqual(['verbose']);
    expect(testReporters({ CI: 'true' }, true)).toEqual(['verbose']);
    expect(testReporters({}, false)).toEqual(['verbose']);
    expect(testReporters({ CI: 'true', GITHUB_ACTIONS: 'true' }, false)).toEqual([
      'verbose',
      'github-actions',
    ]);
  });

  it('keep the live summary on a terminal', () => {
    expect(testReporters({}, true)).toEqual(['default']);
    expect(testReporters({ CI: 'false' }, true)).toEqual(['default']);
  });
});
