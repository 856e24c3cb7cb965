import { cpSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { CSP_HEADER, contentSecurityPolicy, tileOriginsFromEnv } from './src/server/csp.mjs';

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
        // generated: benchmark sets; db: the server's embedded database (npm run serve), never part of the app.
        if (entry.name === 'generated' || entry.name === 'db' || !entry.isDirectory()) continue;
        cpSync(join(from, entry.name), join(outDir, 'data', entry.name), { recursive: true });
      }
    },
  };
}

/**
 * Writes the Content-Security-Policy into index.html as the first thing in <head>, so it holds before any script or
 * style is read, wherever the build is served from (a file share sends no headers). The dev server's copy lets the
 * HMR web socket through. Servers send the full policy as a header as well (frame-ancestors works only there).
 * Base-map tile origins from GS_TILE_ORIGINS at build time join img-src and connect-src (src/server/csp.mjs); the
 * page cannot widen its policy later, so config.json's base maps on other origins need them listed here.
 */
function cspMeta(): Plugin {
  let dev = false;
  return {
    name: 'gridsight-csp-meta',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': CSP_HEADER, content: contentSecurityPolicy({ dev, meta: true, tileOrigins }) },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

// Read once, so a malformed GS_TILE_ORIGINS stops the build (or the dev server) with the part it cannot read.
const tileOrigins = tileOriginsFromEnv();

// Relative base so one build can be served from any folder (a county intranet path, a file share).
export default defineConfig({
  base: './',
  plugins: [vue(), copyDatasets(), cspMeta()],
  server: { headers: { [CSP_HEADER]: contentSecurityPolicy({ dev: true, tileOrigins }) } },
  preview: { headers: { [CSP_HEADER]: contentSecurityPolicy({ tileOrigins }) } },
  // The planner's chunks are loaded only on #/plan: without this the dev server finds these packages on the first
  // visit there and reloads the page (a planner would see it reload once).
  optimizeDeps: { include: ['@turf/intersect', '@turf/difference', '@turf/union', 'idb', 'fflate'] },
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
          // The server tests close a server and drop a PostgreSQL database in afterAll: under CI's load that took
          // over the default 10 s once (the file failed outside its tests).
          hookTimeout: 60_000,
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
