import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A safety net for a hung test, not a speed target: the pipeline tests wait up to a minute
    // for the queue to drain on a loaded machine, and speed is measured in bench/.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
