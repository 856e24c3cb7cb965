import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

/**
 * The app reads its dataset over HTTP at run time (./data/<name>/), so the build copies data/ beside index.html.
 * The dev server already serves data/ from the project root. data/generated/ holds large benchmark sets that
 * must never ship.
 */
function copyDatasets(): Plugin {
  let root = '.';
  let outDir = 'dist';
  return {
    name: 'gridsight-copy-datasets',
    apply: 'build',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const from = resolve(root, 'data');
      if (!existsSync(from)) return;
      for (const entry of readdirSync(from, { withFileTypes: true })) {
        if (entry.name === 'generated') continue;
        cpSync(join(from, entry.name), join(outDir, 'data', entry.name), { recursive: true });
      }
    },
  };
}

// Relative base so one build can be served from any folder (a county intranet path, a file share).
export default defineConfig({
  base: './',
  plugins: [vue(), copyDatasets()],
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // CLI tests spawn Node processes; on a shared 2-core machine 5 s is too tight.
          testTimeout: 30_000,
          // The CLI tests spawn the compiled CLI: build it when missing or stale (a fresh clone has none).
          globalSetup: ['tests/unit/cli/build-cli.setup.ts'],
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
