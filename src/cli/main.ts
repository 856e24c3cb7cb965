/**
 * The GridSight command-line tool: `npm run -s cli -- <command>`. JSON goes to stdout, messages to stderr.
 * Exit codes: 0 done; 1 validate found errors; 2 wrong usage or unreadable input.
 */
import { parseArgs } from 'node:util';
import { DatasetError } from '../io/errors';
import { COVERAGE_TOLERANCE_M, ENTERPRISES_PER_GRID, PATROL_RADIUS_M } from '../domain/rules';
import { runStats } from './stats';

export const HELP = `GridSight (网格智图) command-line tool

Usage: npm run -s cli -- <command> [options]

Commands:
  generate --scale community|county --seed N --out DIR [--defects]
        Write a synthetic dataset folder in the data contract (deterministic by seed).
        community: ~10 grids, ~400 enterprises, ~3k incidents (GeoJSON).
        county: 30 communities, ~500 grids, ~15k enterprises, ~1M incidents (incidents.csv).
        --defects (community only): inject documented defects, one or more for every validate rule plus a
        sliver under the default tolerance, and list them in DIR/defects.json.
  validate DIR [--tolerance M] [--format json|text]
        Check grid boundaries and the standard's rules: overlaps, gaps, spill-over, micro-grids outside their
        grid, mismatched shared borders, invalid geometry, codes, staffing, enterprise counts
        (${ENTERPRISES_PER_GRID.min}–${ENTERPRISES_PER_GRID.max} per grid) and assignment.
        Pieces narrower than M metres (default ${COVERAGE_TOLERANCE_M}; width = diameter of the largest inscribed circle) are
        dropped. Exit 0: no errors (warnings allowed); 1: errors found; 2: unreadable input.
  stats DIR [--month YYYY-MM] [--radius M]
        Counts for a dataset folder as JSON: grids, micro-grids, enterprises by scale, members by role,
        incidents by level and status, overdue and near-due at asOf, the month's closure rates, patrol tracks
        and coverage; per grid the month's incidents by level and category, closure and on-time rates,
        enterprise and area patrol coverage within M metres of the month's tracks (default ${PATROL_RADIUS_M}), and whether
        the grid leader patrolled. Without --month, the month of asOf.
  help  Show this text.

Exit codes: 0 ok; 1 validate found errors; 2 wrong usage or unreadable input (a one-line reason on stderr).
`;

/** Wrong usage: exit 2 with a one-line reason. */
export class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(HELP);
      return 0;
    case 'generate': {
      const { values } = parseArgs({
        args: rest,
        options: {
          scale: { type: 'string', default: 'community' },
          seed: { type: 'string' },
          out: { type: 'string' },
          defects: { type: 'boolean', default: false },
        },
        strict: true,
      });
      const scale = values.scale;
      if (scale !== 'community' && scale !== 'county') throw new UsageError(`--scale must be community or county, got "${scale}"`);
      if (values.seed === undefined || !/^\d+$/.test(values.seed)) throw new UsageError('--seed N (a non-negative integer) is required');
      if (!values.out) throw new UsageError('--out DIR is required');
      if (values.defects && scale !== 'community') throw new UsageError('--defects needs --scale community');
      const { runGenerate } = await import('./generate');
      await runGenerate({ scale, seed: Number(values.seed), out: values.out, defects: values.defects });
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
      process.stdout.write(values.format === 'text' ? formatText(report) : `${JSON.stringify(report, null, 2)}\n`);
      return report.ok ? 0 : 1;
    }
    case 'stats': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { month: { type: 'string' }, radius: { type: 'string' } },
        allowPositionals: true,
        strict: true,
      });
      if (positionals.length !== 1) throw new UsageError('stats takes exactly one dataset folder: stats DIR [--month YYYY-MM] [--radius M]');
      if (values.month !== undefined && !/^\d{4}-(0[1-9]|1[0-2])$/.test(values.month)) {
        throw new UsageError(`--month must be YYYY-MM, got "${values.month}"`);
      }
      const radius = values.radius === undefined ? undefined : Number(values.radius);
      if (radius !== undefined && !(Number.isFinite(radius) && radius > 0)) {
        throw new UsageError(`--radius must be a number of metres > 0, got "${values.radius}"`);
      }
      const stats = await runStats(positionals[0], { month: values.month, radius });
      process.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command "${command}" (try: help)`);
  }
}

function reason(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code && code.startsWith('ERR_PARSE_ARGS')) return (e as Error).message.split('\n')[0];
  return (e as Error).message ?? String(e);
}

const isEntry = process.argv[1] && /main\.ts$/.test(process.argv[1]);
if (isEntry) {
  // exitCode, not exit(): a piped stdout is written asynchronously, and exit() would cut a large report short.
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      const usage = e instanceof UsageError || e instanceof DatasetError || String((e as { code?: string }).code).startsWith('ERR_PARSE_ARGS');
      process.stderr.write(`gridsight: ${reason(e)}\n`);
      if (!usage) process.stderr.write(`${(e as Error).stack ?? ''}\n`);
      process.exitCode = usage ? 2 : 1;
    },
  );
}
