import { defineConfig } from 'vitest/config';

/**
 * Two lanes. `unit`: pure logic, beside the code (cli/src, services, packages, templates).
 * `e2e`: the real bin against the real stack, which cli/test/support/global-setup.ts starts once
 * with `platform up` (and stops at the end); files run one after another because they share it.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'cli/src/**/*.spec.ts',
            'packages/*/src/**/*.spec.ts',
            'services/*/src/**/*.spec.ts',
            'templates/*/src/**/*.spec.ts',
            'bench/*.spec.ts',
          ],
          exclude: ['**/node_modules/**', '**/dist/**', '**/.work/**', '.tmp/**'],
          // Pure logic computes ports from the defaults: a PLATFORM_PORT_OFFSET left in the shell for
          // a running stack must not shift them (specs that test the offset stub it themselves).
          env: { PLATFORM_PORT_OFFSET: '' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['cli/test/e2e/**/*.e2e.ts'],
          globalSetup: ['cli/test/support/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
