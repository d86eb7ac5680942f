import { defineConfig } from 'vitest/config';

// The embedded engine takes seconds to start (longer while other suites share the two cores):
// hooks that open a store get room for it. These are limits, not assertions.
export default defineConfig({
  test: {
    hookTimeout: 120_000,
    testTimeout: 60_000,
  },
});
