import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Workflow and integration tests start real servers and bundle workflow code.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: run test files in parallel but not so many that the servers starve.
    maxWorkers: 2,
    globalSetup: ['tests/setup/globalSetup.ts'],
    setupFiles: ['tests/setup/quietTemporal.ts'],
  },
});
