#!/usr/bin/env node
/**
 * `npm run serve [-- --host H --port P --db DIR]`: builds the app (dist/) when it is missing or older than a file it
 * is built from, builds the CLI when stale, then runs `gridsight serve` in this process.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BIN, buildCli, isStale } from '../cli/build.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
process.chdir(ROOT);

/** The newest modification time under `p` (a file or a folder), 0 when it is missing. */
function newest(p) {
  let st;
  try {
    st = statSync(p);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const entry of readdirSync(p)) t = Math.max(t, newest(path.join(p, entry)));
  return t;
}

const APP_INPUTS = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];
const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0;
const changed = APP_INPUTS.find((p) => newest(p) > built);
if (changed) {
  process.stderr.write(`gridsight: building the app first (${built ? `${changed} changed` : 'not built yet'}) …\n`);
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}
const reason = isStale();
if (reason !== null) {
  process.stderr.write(`gridsight: building the CLI first (${reason})\n`);
  await buildCli({ quiet: true });
}
process.argv = [process.argv[0], BIN, 'serve', ...process.argv.slice(2)];
await import(pathToFileURL(BIN).href);
