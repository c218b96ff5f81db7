// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'lib/', '.cache/', 'coverage/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  {
    // Guardrails that keep files and functions small enough to read in one sitting.
    files: ['src/**', 'test/**', 'bench/**', 'scripts/**', '__tests__/**'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
      complexity: ['error', 20],
    },
  },
  {
    // A describe() body is a list of cases sharing one setup; splitting it only repeats the setup.
    files: ['__tests__/**'],
    rules: { 'max-lines-per-function': 'off' },
  },
  {
    // The streaming index scanner: one state machine over lines, kept whole on purpose.
    files: ['src/index/block-scanner.ts'],
    rules: { 'max-lines': 'off', complexity: 'off' },
  },
  {
    // TEMPORARY: files being rewritten on other branches; remove this block after they merge.
    files: [
      // Not yet split into smaller files.
      '__tests__/e2e/action.test.ts',
      '__tests__/e2e/errors.test.ts',
      '__tests__/support/chart-server.test.ts',
      '__tests__/support/plugin-release.test.ts',
      'test/support/fake-helm-push/helm-cm-push.mjs',
    ],
    rules: { 'max-lines': 'off', 'max-lines-per-function': 'off', complexity: 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
);
