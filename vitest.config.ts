import { defineConfig } from 'vitest/config';

/**
 * On a terminal, the default reporter redraws a live summary. In CI (no TTY, or CI set) it only
 * prints a line when a whole file ends, and e2e files take minutes: there, `verbose` prints each
 * test as it ends, and on GitHub also annotations. Reporters never change the exit code.
 */
export function testReporters(env: NodeJS.ProcessEnv, tty: boolean): string[] {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false';
  if (tty && !ci) return ['default'];
  return env.GITHUB_ACTIONS === 'true' ? ['verbose', 'github-actions'] : ['verbose'];
}

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: testReporters(process.env, process.stdout.isTTY),
  },
});
