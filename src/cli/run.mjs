#!/usr/bin/env node
/**
 * `npm run -s cli -- …`: runs the compiled CLI (dist-cli/gridsight.mjs), building it first when it is missing or
 * older than a file it was built from, so the script always runs the sources as they are. The check is a few dozen
 * stat calls (dist-cli/inputs.json); the bundle is then loaded in this process, not in a new one.
 */
import { pathToFileURL } from 'node:url';
import { BIN, buildCli, isStale } from './build.mjs';

const reason = isStale();
if (reason !== null) {
  process.stderr.write(`gridsight: building the CLI first (${reason})\n`);
  await buildCli({ quiet: true });
}
// The bundle runs main() when it is the script Node started with: make it so, as `node dist-cli/gridsight.mjs …`.
process.argv[1] = BIN;
await import(pathToFileURL(BIN).href);
