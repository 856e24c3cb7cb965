import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

// Relative base so one build can be served from any folder (a county intranet path, a file share).
export default defineConfig({
  base: './',
  plugins: [vue()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  // data/ is served by the dev server and copied by the build plugin in src/cli? No: see vite/datasets.ts.
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          benchmark: { include: ['tests/bench/**/*.bench.ts'] },
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
