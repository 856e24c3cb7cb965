/**
 * The GridSight command-line tool: `npm run -s cli -- <command>`. JSON goes to stdout, messages to stderr.
 * Exit codes: 0 done; 1 validate found errors; 2 wrong usage or unreadable input; 3 internal error (a bug).
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DatasetError } from '../io/errors';
import { PlanError } from '../domain/plan/types';
import { ImportError } from '../io/import/types';
import { ExportError } from '../io/export/common';
import { COVERAGE_TOLERANCE_M, ENTERPRISES_PER_GRID, PATROL_COVERAGE_TARGET, PATROL_RADIUS_M } from '../domain/rules';
import { loadStats, monthWarning } from './stats';

export const HELP = `GridSight (网格智图) command-line tool

Usage: npm run -s cli -- <command> [options]

Commands:
  generate --scale community|county --seed N --out DIR [--communities N] [--towns N] [--grids N]
           [--incidents N] [--patrol-months N] [--defects]
        Write a synthetic dataset folder in the data contract (deterministic by seed and options).
        community: 1 community, ~10 grids, ~400 enterprises, ~3k incidents (GeoJSON).
        county: 30 communities in 9 towns, ~430 grids, ~15k enterprises, ~1M incidents (incidents.csv).
        --communities, --grids and --incidents override the scale's counts (grids are shared out by area,
        so their number is close to N; at least one per community); --towns spreads the communities over the
        first N of 海盐县's 9 towns (1 to the number of communities; default all 9); --patrol-months keeps
        the tracks of the last N months only (2–12, default 12; incidents always cover 12). For example
        --scale community --seed 5 --communities 3 --towns 2 --grids 27 --incidents 3000 (data/haiyan-mini).
        --defects (community only, one community): inject documented defects, one or more for every validate
        rule plus a sliver under the default tolerance, and list them in DIR/defects.json.
  validate DIR [--tolerance M] [--format json|text]
        Check grid boundaries and the standard's rules: overlaps, gaps, spill-over, micro-grids outside their
        grid, mismatched shared borders, invalid geometry, codes, staffing, enterprise counts
        (${ENTERPRISES_PER_GRID.min}–${ENTERPRISES_PER_GRID.max} per grid) and assignment.
        Pieces narrower than M metres (default ${COVERAGE_TOLERANCE_M}; width = diameter of the largest inscribed circle) are
        dropped. Exit 0: no errors (warnings allowed); 1: errors found; 2: unreadable input; 3: internal error.
  stats DIR [--month YYYY-MM] [--radius M] [--format json|text]
        Counts for a dataset folder: grids, micro-grids, enterprises by scale, members by role, incidents by
        level and status, overdue and near-due at asOf, the month's closure rates, patrol tracks and coverage;
        per grid the month's incidents by level and category, closure and on-time rates, enterprise and area
        patrol coverage within M metres of the month's tracks (default ${PATROL_RADIUS_M}), and whether the grid leader
        patrolled. Without --month, the month of asOf. --format json (default) prints the JSON, text a table
        (times in China Standard Time, +08:00; rates in per cent). A month outside the months the incidents
        and patrol tracks cover still gives its figures (zeros), with a one-line warning on stderr.
  plan apply DIR --ops OPS.json --out OUTDIR [--effective YYYY-MM-DD] [--format json|text]
        Apply planner operations (a JSON array: split, merge, revoke, move-vertex, add-microgrid,
        delete-microgrid… as the README lists them) to a dataset folder, and write the new version to OUTDIR:
        every contract file, retired units kept as history (validTo) and new ones with new codes, parentCodes
        and validFrom = the effective date (default: the day of asOf), enterprises re-assigned by the new
        boundaries; plus OUTDIR/changes.json (added, retired, reshaped, enterprise moves, per-grid figures
        before and after). --format json prints changes.json, text (default) a summary with the validation.
        Exit 0: the result has no validation errors; 1: it has (still written); 2: bad usage or an operation
        that cannot apply (nothing written).
  pack DIR
        Write DIR/incidents.bin, the incidents of DIR/incidents.geojson (else incidents.csv) as binary columns,
        and list it in DIR/dataset.json: the app, stats and the wall then read it instead (a county's 1M
        incidents: 71 MB read in ~1 s instead of 291 MB in ~9 s; docs/binary-data.md). The text file stays.
        With patrols.geojson, also DIR/patrol-area.json: each month's patrol area coverage per grid, which stats
        uses only while the grids and tracks are unchanged (the county's stats: seconds less). Pack again after
        changing the incidents (generate --scale county packs its own). JSON summary on stdout.
  tiles DIR
        Cut DIR/basemap.geojson into vector tiles, DIR/basemap.pmtiles (zoom 0-15, one PMTiles file), and list
        it in DIR/dataset.json: the maps then fetch the tiles in view instead of the whole GeoJSON (a county's
        34 MB base map: 8 MB of tiles, a few hundred kB at county zoom). basemap.geojson stays (the planner
        snaps to it). Cut again after changing it (generate --scale county cuts its own). JSON summary on stdout.
  serve [--host H] [--port P] [--db DIR] [--dist DIR] [--seed DIR]
        Serve the built app (default dist) and the HTTP API (docs/server-api.md) on http://127.0.0.1:8080.
        The database is DATABASE_URL (postgres://…, PostgreSQL 15 or later) or else the embedded PostgreSQL
        (PGlite) in --db (default data/db). An empty database gets --seed (default data/zhihuiwan) and an
        account "admin" with GRIDSIGHT_ADMIN_PASSWORD, or a random password printed once.
  db import DIR [--db DIR]
        Load a dataset folder as a new version (incidents and patrol tracks merged by id). JSON report on stdout.
  db export VERSION|current OUTDIR [--db DIR]
        Write a version as a dataset folder of the data contract, which validate and stats read unchanged.
  import FILE --as grids|microgrids|community|enterprises|incidents|patrols --out DIR [--crs CRS]
         [--encoding gbk|utf-8] [--map PROPERTY=COLUMN,…] [--layer NAME] [--sheet NAME] [--swap-xy] [--replace]
         [--ops OPS.json] [--dry-run]
        Read a Shapefile (.zip with .shp/.shx/.dbf, .prj and .cpg honoured; GBK when no .cpg says otherwise),
        KML/KMZ, GeoJSON, CSV or .xlsx, convert it to the contract file of --as in WGS84 and write it into DIR.
        CRS: EPSG:4326, EPSG:4490 (CGCS2000), the CGCS2000 Gauss-Krüger 3° and 6° zones (EPSG:4491–4554),
        gcj02 (高德/腾讯) or bd09 (百度); default: the .prj, else what the format says (KML, GeoJSON: WGS84).
        Columns are recognised by name (统一社会信用代码, 企业名称, 经度…); --map names the others, e.g.
        --map id=信用代码,lon=X,lat=Y. Boundaries are written only into a folder without that file (or with
        --replace); enterprises, incidents and patrols merge by id into DIR's file. Features outside DIR's
        communities are refused. JSON report on stdout: the CRS and columns used, every refused feature or row
        (index, line, property, reason) and doubtful one, added/updated counts. Exit 0: all taken; 1: some were
        refused (the rest written); 2: unreadable input or bad usage (nothing written).
        --ops OPS.json (grids, microgrids): write nothing into DIR; the boundaries become one planner operation
        (import-boundaries) in OPS.json, for "plan apply DIR --ops OPS.json": codes in force are kept, the rest
        retired or added with lineage, micro-grids follow their grid.
  export DIR --layer grids|microgrids|community|enterprises|incidents|patrols --format geojson|shp|csv|xlsx|kml
         --out FILE [--crs EPSG:NNNN] [--month YYYY-MM]
        Write one layer of a dataset folder for other software: GeoJSON (RFC 7946), a zipped Shapefile (.zip with
        .shp/.shx/.dbf/.prj/.cpg; attributes in UTF-8, field names cut to 10 bytes and the renames listed as the
        --map to import them back; a layer of several geometry types: one Shapefile per type), CSV (UTF-8 with a
        BOM for Excel, CRLF; points as lon,lat columns, other geometries as a wkt column), .xlsx (one sheet) or KML.
        Only the layer's properties of the data contract are written; members.json is never read or exported.
        --crs converts a Shapefile's coordinates (e.g. EPSG:4549, CGCS2000 3° Gauss-Krüger CM 120E, with its .prj;
        default EPSG:4326); the other formats are WGS84 longitude/latitude. --month: the incidents reported (patrol
        tracks started) in that month, China time. Incidents are read from incidents.geojson, else incidents.bin or
        incidents.csv. Spreadsheet formulas never run: CSV text starting with = + - @, tab or CR that is not a plain
        number gets a leading ' (OWASP); xlsx cells are never formulas. The file is replaced whole (written beside
        it, then renamed). JSON summary on stdout (file, features, bytes, warnings); each warning also on stderr.
        Exit 0: written; 2: unreadable folder, missing layer or bad option (nothing written).
  report DIR --out FILE.html|FILE.pdf [--month YYYY-MM] [--lang zh-CN|en]
        The monthly assessment report (月度考核) of a dataset folder: one self-contained HTML page (A4
        landscape print CSS; no script, nothing fetched) or, for .pdf, that page printed by headless Chromium
        (CHROMIUM_PATH, else /usr/bin/chromium, else chromium-browser on PATH). Title, asOf, generation time,
        a 模拟数据 notice for synthetic data; the month's totals (and per town and community); per community,
        its grids ranked by closure rate then on-time rate: incidents by level and category, closure and
        on-time rates, overdue at asOf, enterprise and area patrol coverage (under ${PATROL_COVERAGE_TARGET * 100} % marked), leader
        patrolled, the four roles staffed and validate's errors and warnings; bar charts and a map of the
        grids coloured by closure rate. Every figure is the stats JSON of stats --month. Without --month, the
        last whole month before asOf's. --lang en: English labels (default zh-CN). JSON summary on stdout
        (file, bytes, pages, timings). Exit 0: written; 2: bad usage, unreadable input, or .pdf without Chromium.
  help  Show this text.

Exit codes: 0 ok; 1 validate (or plan apply) found errors, or import refused rows; 2 wrong usage or unreadable input (a one-line reason on stderr);
3 internal error, a bug in gridsight (one line on stderr; please report it with the command that caused it).
`;

/** Wrong usage: exit 2 with a one-line reason. */
export class UsageError extends Error {}

/**
 * parseArgs, with its errors (an unknown option, a missing value) said in one line naming the command and its
 * usage, instead of Node's text (which advises "--" for an option the command simply does not have).
 * @example parseCommandArgs('stats', 'stats DIR [--month YYYY-MM]', { args, options, allowPositionals: true })
 */
function parseCommandArgs<T extends ParseArgsConfig>(command: string, usage: string, config: T) {
  try {
    return parseArgs(config);
  } catch (e) {
    const code = String((e as { code?: unknown } | null)?.code);
    if (!code.startsWith('ERR_PARSE_ARGS')) throw e;
    const message = e instanceof Error ? e.message : String(e);
    const option = /'(-[^' ]*)/.exec(message)?.[1];
    let what: string;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) what = `unknown option ${option}`;
    else if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option && /argument missing/.test(message)) what = `${option} needs a value`;
    else what = message.split('. ')[0];
    throw new UsageError(`${command}: ${what}; usage: ${usage}`);
  }
}

/**
 * Runs one command line and returns the exit code; never throws. A failure is one line on stderr: exit 2 for wrong
 * usage or unreadable input, 3 for anything else (an internal error: no stack trace, which would only bury the
 * line, and not 1, which means "validate found errors").
 * @example process.exitCode = await main(process.argv.slice(2))
 */
export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    const code = isUsageOrInput(e) ? 2 : 3;
    process.stderr.write(`gridsight: ${code === 3 ? 'internal error: ' : ''}${reason(e)}\n`);
    return code;
  }
}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    case 'generate': {
      const usage =
        'generate --scale community|county --seed N --out DIR [--communities N] [--towns N] [--grids N] [--incidents N] [--patrol-months N] [--defects]';
      const { values, positionals } = parseCommandArgs('generate', usage, {
        args: rest,
        options: {
          scale: { type: 'string', default: 'community' },
          seed: { type: 'string' },
          out: { type: 'string' },
          defects: { type: 'boolean', default: false },
          communities: { type: 'string' },
          towns: { type: 'string' },
          grids: { type: 'string' },
          incidents: { type: 'string' },
          'patrol-months': { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length) throw new UsageError(`generate takes no folder argument (use --out DIR): ${usage}`);
      const scale = values.scale;
      if (scale !== 'community' && scale !== 'county') throw new UsageError(`--scale must be community or county, got "${scale}"`);
      if (values.seed === undefined || !/^\d+$/.test(values.seed)) throw new UsageError('--seed N (a non-negative integer) is required');
      if (!values.out) throw new UsageError('--out DIR is required');
      const whole = (flag: string, text: string | undefined): number | undefined => {
        if (text !== undefined && !/^\d+$/.test(text)) throw new UsageError(`--${flag} must be a whole number, got "${text}"`);
        return text === undefined ? undefined : Number(text);
      };
      const counts = {
        communities: whole('communities', values.communities),
        towns: whole('towns', values.towns),
        grids: whole('grids', values.grids),
        incidents: whole('incidents', values.incidents),
        patrolMonths: whole('patrol-months', values['patrol-months']),
      };
      const { checkGenerateOptions } = await import('../synth/generate/index');
      const problem = checkGenerateOptions({ scale, seed: Number(values.seed), ...counts });
      if (problem) throw new UsageError(`--${problem}`);
      if (values.defects && scale !== 'community') throw new UsageError('--defects needs --scale community');
      if (values.defects && (counts.communities ?? 1) !== 1) throw new UsageError('--defects needs a single community (no --communities above 1)');
      const { runGenerate } = await import('./generate');
      await runGenerate({ scale, seed: Number(values.seed), out: values.out, defects: values.defects, ...counts });
      return 0;
    }
    case 'validate': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { tolerance: { type: 'string' }, format: { type: 'string', default: 'json' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError('validate takes exactly one dataset folder: validate DIR [--tolerance M] [--format json|text]');
      const tolerance = values.tolerance === undefined ? undefined : Number(values.tolerance);
      if (tolerance !== undefined && !(Number.isFinite(tolerance) && tolerance >= 0)) {
        throw new UsageError(`--tolerance must be a number of metres ≥ 0, got "${values.tolerance}"`);
      }
      if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format must be json or text, got "${values.format}"`);
      const { runValidate, formatText } = await import('./validate');
      const report = await runValidate(positionals[0], { tolerance });
      // Not a boundary finding, but the maps would draw an old base map: said on stderr, the exit code unchanged.
      const tiles = await (await import('./tiles')).basemapTilesProblem(positionals[0]);
      if (tiles) process.stderr.write(`gridsight: warning: ${tiles}\n`);
      process.stdout.write(values.format === 'text' ? formatText(report) : `${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    case 'stats': {
      const usage = 'stats DIR [--month YYYY-MM] [--radius M] [--format json|text]';
      const { values, positionals } = parseCommandArgs('stats', usage, {
        args: rest,
        options: { month: { type: 'string' }, radius: { type: 'string' }, format: { type: 'string', default: 'json' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError(`stats takes exactly one dataset folder: ${usage}`);
      if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
        throw new UsageError(`--month must be YYYY-MM, got "${values.month}"`);
      }
      const radius = values.radius === undefined ? undefined : Number(values.radius);
      if (radius !== undefined && !(Number.isFinite(radius) && radius > 0)) {
        throw new UsageError(`--radius must be a number of metres > 0, got "${values.radius}"`);
      }
      if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format must be json or text, got "${values.format}"`);
      const run = await loadStats(positionals[0], { month: values.month, radius });
      // The figures still go out (zeros and nulls are the month's true numbers), with a word that they are empty.
      const warning = monthWarning(run.stats.month, run.dataMonths);
      if (warning) process.stderr.write(`gridsight: ${warning}\n`);
      if (values.format === 'text') {
        const { formatStatsText } = await import('./stats-text');
        process.stdout.write(formatStatsText(run));
      } else {
        process.stdout.write(`${JSON.stringify(run.stats, null, 2)}\n`);
      }
      return 0;
    }
    case 'plan': {
      const [sub, ...args] = rest;
      const usage = 'plan apply DIR --ops OPS.json --out OUTDIR [--effective YYYY-MM-DD] [--format json|text]';
      if (sub !== 'apply') throw new UsageError(`plan takes a subcommand: ${usage}`);
      const { values, positionals } = parseArgs({
        args,
        options: {
          ops: { type: 'string' },
          out: { type: 'string' },
          effective: { type: 'string' },
          format: { type: 'string', default: 'text' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError(`plan apply takes exactly one dataset folder: ${usage}`);
      if (!values.ops) throw new UsageError(`--ops OPS.json is required: ${usage}`);
      if (!values.out) throw new UsageError(`--out OUTDIR is required: ${usage}`);
      if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format must be json or text, got "${values.format}"`);
      const { isPlanDate } = await import('../geo/plan/engine');
      if (values.effective !== undefined && !isPlanDate(values.effective)) {
        throw new UsageError(`--effective must be a date YYYY-MM-DD, got "${values.effective}"`);
      }
      const { runPlanApply, formatPlanText } = await import('./plan');
      const result = await runPlanApply(positionals[0], { ops: values.ops, out: values.out, effective: values.effective });
      process.stdout.write(values.format === 'json' ? `${JSON.stringify(result.changes, null, 2)}\n` : formatPlanText(result, values.out));
      return result.status.errors ? 1 : 0;
    }
    case 'pack': {
      const usage = 'pack DIR';
      const { positionals } = parseCommandArgs('pack', usage, { args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError(`pack takes exactly one dataset folder: ${usage}`);
      const { runPack } = await import('./pack');
      process.stdout.write(`${JSON.stringify(await runPack(positionals[0]), null, 2)}\n`);
      return 0;
    }
    case 'tiles': {
      const usage = 'tiles DIR';
      const { positionals } = parseCommandArgs('tiles', usage, { args: rest, options: {}, allowPositionals: true, strict: true });
      if (positionals.length !== 1) throw new UsageError(`tiles takes exactly one dataset folder: ${usage}`);
      const { runTiles } = await import('./tiles');
      process.stdout.write(`${JSON.stringify(await runTiles(positionals[0]), null, 2)}\n`);
      return 0;
    }
    case 'serve': {
      const usage = 'serve [--host H] [--port P] [--db DIR] [--dist DIR] [--seed DIR]';
      const { values, positionals } = parseCommandArgs('serve', usage, {
        args: rest,
        allowPositionals: true,
        strict: true,
        options: {
          host: { type: 'string', default: '127.0.0.1' },
          port: { type: 'string', default: '8080' },
          db: { type: 'string', default: 'data/db' },
          dist: { type: 'string', default: 'dist' },
          seed: { type: 'string', default: 'data/zhihuiwan' },
        },
      });
      if (positionals.length) throw new UsageError(`serve takes no folder argument: ${usage}`);
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, got "${values.port}"`);
      const { serve } = await import('../server/main');
      const server = await serve({ host: values.host!, port, dir: values.db!, url: process.env.DATABASE_URL || undefined, dist: values.dist!, seed: values.seed! });
      await new Promise<void>((done) => {
        const stop = () => void server.close().then(done, done);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      return 0;
    }
    case 'db': {
      const [sub, ...args] = rest;
      const usage = 'db import DIR [--db DIR] | db export VERSION|current OUTDIR [--db DIR]';
      if (sub !== 'import' && sub !== 'export') throw new UsageError(`db takes a subcommand: ${usage}`);
      const { values, positionals } = parseCommandArgs(`db ${sub}`, usage, { args, allowPositionals: true, strict: true, options: { db: { type: 'string', default: 'data/db' } } });
      const o = { dir: values.db!, url: process.env.DATABASE_URL || undefined };
      const { dbImport, dbExport } = await import('../server/main');
      if (sub === 'import') {
        if (positionals.length !== 1) throw new UsageError(`db import takes exactly one dataset folder: ${usage}`);
        process.stdout.write(`${JSON.stringify(await dbImport(o, positionals[0]), null, 2)}\n`);
        return 0;
      }
      if (positionals.length !== 2) throw new UsageError(`db export takes a version and a folder: ${usage}`);
      if (!/^(\d+|current|latest)$/.test(positionals[0])) throw new UsageError(`VERSION must be a number or "current", got "${positionals[0]}"`);
      process.stdout.write(`${JSON.stringify(await dbExport(o, positionals[0], positionals[1]), null, 2)}\n`);
      return 0;
    }
    case 'import': {
      const usage =
        'import FILE --as grids|microgrids|community|enterprises|incidents|patrols --out DIR [--crs CRS] [--encoding E] ' +
        '[--map PROPERTY=COLUMN,…] [--layer NAME] [--sheet NAME] [--swap-xy] [--replace] [--ops OPS.json] [--dry-run]';
      const { values, positionals } = parseCommandArgs('import', usage, {
        args: rest,
        options: {
          as: { type: 'string' },
          out: { type: 'string' },
          crs: { type: 'string' },
          encoding: { type: 'string' },
          map: { type: 'string', multiple: true },
          layer: { type: 'string' },
          sheet: { type: 'string' },
          'swap-xy': { type: 'boolean' },
          replace: { type: 'boolean' },
          ops: { type: 'string' },
          'dry-run': { type: 'boolean' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError(`import takes exactly one file: ${usage}`);
      const { IMPORT_TARGETS } = await import('../io/import/pipeline');
      const as = values.as as (typeof IMPORT_TARGETS)[number] | undefined;
      if (!as || !IMPORT_TARGETS.includes(as)) throw new UsageError(`--as must be one of ${IMPORT_TARGETS.join(', ')}: ${usage}`);
      if (!values.out) throw new UsageError(`--out DIR is required: ${usage}`);
      if (values.encoding !== undefined) {
        try {
          new TextDecoder(values.encoding);
        } catch {
          throw new UsageError(`--encoding "${values.encoding}" is not an encoding this Node knows (try gbk or utf-8)`);
        }
      }
      const { runImport, parseMap } = await import('./import');
      const result = await runImport(positionals[0], {
        as,
        out: values.out,
        crs: values.crs,
        encoding: values.encoding,
        map: parseMap(values.map ?? []),
        layer: values.layer,
        sheet: values.sheet,
        swapXY: values['swap-xy'],
        replace: values.replace,
        ops: values.ops,
        dryRun: values['dry-run'],
      });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return result.counts.rejected > 0 ? 1 : 0;
    }
    case 'export': {
      const usage =
        'export DIR --layer grids|microgrids|community|enterprises|incidents|patrols --format geojson|shp|csv|xlsx|kml ' +
        '--out FILE [--crs EPSG:NNNN] [--month YYYY-MM]';
      const { values, positionals } = parseCommandArgs('export', usage, {
        args: rest,
        options: {
          layer: { type: 'string' },
          format: { type: 'string' },
          out: { type: 'string' },
          crs: { type: 'string' },
          month: { type: 'string' },
        },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError(`export takes exactly one dataset folder: ${usage}`);
      const { runExport, EXPORT_LAYERS } = await import('./export');
      const { EXPORT_FORMATS } = await import('../io/export');
      const layer = values.layer as (typeof EXPORT_LAYERS)[number] | undefined;
      if (!layer || !EXPORT_LAYERS.includes(layer)) throw new UsageError(`--layer must be one of ${EXPORT_LAYERS.join(', ')}: ${usage}`);
      const format = values.format as (typeof EXPORT_FORMATS)[number] | undefined;
      if (!format || !EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}: ${usage}`);
      if (!values.out) throw new UsageError(`--out FILE is required: ${usage}`);
      if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
        throw new UsageError(`--month must be YYYY-MM, got "${values.month}"`);
      }
      if (values.month !== undefined && layer !== 'incidents' && layer !== 'patrols') {
        throw new UsageError(`--month chooses incidents or patrols, not ${layer}`);
      }
      const result = await runExport(positionals[0], { layer, format, out: values.out, crs: values.crs, month: values.month });
      for (const warning of result.warnings) process.stderr.write(`gridsight: warning: ${warning}\n`);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    case 'report': {
      const usage = 'report DIR --out FILE.html|FILE.pdf [--month YYYY-MM] [--lang zh-CN|en]';
      const { values, positionals } = parseCommandArgs('report', usage, {
        args: rest,
        options: { out: { type: 'string' }, month: { type: 'string' }, lang: { type: 'string', default: 'zh-CN' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError(`report takes exactly one dataset folder: ${usage}`);
      if (!values.out) throw new UsageError(`--out FILE.html or FILE.pdf is required: ${usage}`);
      if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
        throw new UsageError(`--month must be YYYY-MM, got "${values.month}"`);
      }
      if (values.lang !== 'zh-CN' && values.lang !== 'en') throw new UsageError(`--lang must be zh-CN or en, got "${values.lang}"`);
      const { runReport, ReportError } = await import('./report');
      let result;
      try {
        result = await runReport(positionals[0], { out: values.out, month: values.month, lang: values.lang });
      } catch (e) {
        // No Chromium for a .pdf, a bad --out: wrong usage of this machine, exit 2 like the others.
        throw e instanceof ReportError ? new UsageError(e.message) : e;
      }
      // The report of a month outside the data is still written (zeros and "—"), with the stats warning.
      if (result.warning) process.stderr.write(`gridsight: ${result.warning}\n`);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (try: help)`);
  }
}

/** Whether the script Node was started with (argv[1]) is the module at `url`, symlinks resolved. */
function isMainModule(script: string, url: string): boolean {
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/**
 * Exit 2: wrong usage, unreadable input, or a file system that refused (a system error such as EACCES writing
 * --out): none of them a bug of gridsight.
 */
const isUsageOrInput = (e: unknown) =>
  e instanceof UsageError ||
  e instanceof DatasetError ||
  e instanceof PlanError ||
  e instanceof ImportError ||
  e instanceof ExportError ||
  String((e as { code?: unknown } | null)?.code).startsWith('ERR_PARSE_ARGS') ||
  typeof (e as { syscall?: unknown } | null)?.syscall === 'string';

/** The first line of an error's message, at most 300 characters: one line on stderr whatever was thrown. */
function reason(e: unknown): string {
  let text: string;
  try {
    text = e instanceof Error ? (isUsageOrInput(e) ? e.message : `${e.name}: ${e.message}`) : String(e);
  } catch {
    text = 'an error that cannot be shown';
  }
  const line = text.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

// This module is the entry both as TypeScript (tsx src/cli/main.ts) and compiled (dist-cli/gridsight.mjs, reached
// through the `gridsight` bin, maybe via an npm-link symlink): compare real paths, not a file name.
const isEntry = process.argv[1] !== undefined && isMainModule(process.argv[1], import.meta.url);
if (isEntry) {
  // exitCode, not exit(): a piped stdout is written asynchronously, and exit() would cut a large report short.
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
