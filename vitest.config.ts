import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // examples/**: the examples' own tests (docs/testing.md shows examples/testing/weather.test.ts).
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 20_000,
    pool: 'forks',
  },
});
