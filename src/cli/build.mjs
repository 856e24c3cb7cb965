#!/usr/bin/env node
/**
 * Builds the compiled CLI: src/cli/main.ts and everything it imports (our core and its npm packages) bundled into
 * one ES module, dist-cli/gridsight.mjs, with a `#!/usr/bin/env node` line: the `gridsight` bin of package.json.
 *
 * Why compiled: running the TypeScript through tsx costs about a second of start-up on every call (tsx loads
 * esbuild and transforms each module); the bundle starts in well under 0.2 s. Why one self-contained file: Node
 * resolves no package at start-up, and a global install or `npm link` works without our devDependencies.
 *
 * Run by `npm install`/`npm ci` (`prepare`), `npm run build`, the `cli` script and the unit tests when the bundle
 * is missing or stale. dist-cli/inputs.json lists the files the bundle was built from, so `isStale()` is a few
 * dozen stat calls instead of a build.
 *
 * Usage: node src/cli/build.mjs [--if-stale] [--quiet] [--optional]
 *   --if-stale  build only when isStale() says why;
 *   --optional  (for `prepare`) when Vite is not installed (npm install --omit=dev), say so and exit 0 instead of
 *               failing the whole install: the app needs no CLI, and `npm run build:cli` builds it later.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT_DIR = path.join(ROOT, 'dist-cli');
/** The bin file (package.json `bin.gridsight`). */
export const BIN = path.join(OUT_DIR, 'gridsight.mjs');
const INPUTS = path.join(OUT_DIR, 'inputs.json');
const ENTRY = 'src/cli/main.ts';

/**
 * Why the bundle needs rebuilding, or null when it is up to date: missing, or a file it was built from (or this
 * script) changed or disappeared since.
 * @example isStale() // null, or 'src/io/dataset.ts changed'
 */
export function isStale() {
  if (!existsSync(BIN) || !existsSync(INPUTS)) return 'not built yet';
  const built = statSync(BIN).mtimeMs;
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return 'dist-cli/inputs.json is unreadable';
  }
  for (const rel of [...inputs, path.relative(ROOT, fileURLToPath(import.meta.url))]) {
    let mtime;
    try {
      mtime = statSync(path.join(ROOT, rel)).mtimeMs;
    } catch {
      return `${rel} is gone`;
    }
    if (mtime > built) return `${rel} changed`;
  }
  return null;
}

/**
 * Bundles the CLI with Vite (rolldown) in SSR mode: Node built-ins stay imports, everything else is inlined.
 * @example await buildCli({ quiet: true })
 */
export async function buildCli({ quiet = false } = {}) {
  const started = Date.now();
  const { build } = await import('vite');
  /** @type {string[]} */
  let inputs = [];
  await build({
    configFile: false,
    root: ROOT,
    publicDir: false,
    logLevel: 'warn',
    plugins: [
      {
        name: 'gridsight-cli-inputs',
        generateBundle() {
          inputs = [...this.getModuleIds()]
            .filter((id) => path.isAbsolute(id) && existsSync(id))
            .map((id) => path.relative(ROOT, id))
            .sort();
        },
      },
    ],
    // The server's packages stay imports (dependencies, resolved at run time): PGlite finds its WebAssembly next
    // to its own module, and Fastify and pg load optional parts by name. Only `serve` and `db` import them.
    ssr: { noExternal: true, external: ['@electric-sql/pglite', 'pg', 'fastify', '@fastify/cookie', '@fastify/static'], target: 'node' },
    build: {
      ssr: ENTRY,
      outDir: OUT_DIR,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      rolldownOptions: {
        output: {
          format: 'es',
          entryFileNames: 'gridsight.mjs',
          // One file: nothing to resolve at start-up; the generator and validator are parsed lazily by V8 anyway.
          codeSplitting: false,
          banner: '#!/usr/bin/env node',
        },
      },
    },
  });
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(INPUTS, `${JSON.stringify(inputs, null, 1)}\n`);
  // Executable, so `dist-cli/gridsight.mjs …` runs through its shebang (npm sets the bit on links it makes anyway).
  chmodSync(BIN, 0o755);
  if (!quiet) {
    const kb = Math.round(statSync(BIN).size / 1024);
    process.stderr.write(`gridsight: built ${path.relative(ROOT, BIN)} (${kb} kB, ${inputs.length} inputs) in ${Date.now() - started} ms\n`);
  }
}

const isEntry = process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (isEntry) {
  const args = new Set(process.argv.slice(2));
  const quiet = args.has('--quiet');
  const reason = args.has('--if-stale') ? isStale() : 'asked to';
  if (reason === null) {
    if (!quiet) process.stderr.write('gridsight: dist-cli/gridsight.mjs is up to date\n');
  } else {
    if (!quiet) process.stderr.write(`gridsight: building the CLI (${reason})\n`);
    buildCli({ quiet }).catch((e) => {
      if (args.has('--optional') && e?.code === 'ERR_MODULE_NOT_FOUND' && /'vite'/.test(e.message)) {
        process.stderr.write('gridsight: Vite is not installed (devDependencies omitted), so the CLI is not built\n');
        return;
      }
      process.stderr.write(`gridsight: building the CLI failed: ${e?.message ?? e}\n`);
      process.exitCode = 1;
    });
  }
}
