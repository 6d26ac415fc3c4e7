import { defineConfig } from 'vitest/config';

/** `npm run test:cluster`: the tests that need the cluster profile running (scripts/testCluster.sh starts it). */
export default defineConfig({
  test: {
    include: ['tests/cluster/**/*.cluster.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
  },
});
