import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Socket tests wait for real round trips; a hung one should fail, not stall the suite.
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
