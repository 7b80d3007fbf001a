import { defineConfig } from 'vitest/config';

/** `npm test`: unit tests beside the code. `npm run test:e2e`: against the running stack (`platform up` first). */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.spec.ts'] } },
      { test: { name: 'e2e', include: ['test/**/*.e2e.test.ts'], testTimeout: 40_000, hookTimeout: 20_000, fileParallelism: false } },
    ],
  },
});
