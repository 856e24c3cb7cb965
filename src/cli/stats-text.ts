/**
 * `stats --format text`: the stats JSON as a reader's table. English, like `validate` and `plan apply` text; times
 * in China Standard Time (+08:00), rates as percentages with one decimal, "—" for a rate with nothing to count.
 */
import type { Stats } from '../domain/stats';
import { monthOf } from '../domain/time';
import { cstMinute, percent } from '../io/report-data';
import type { StatsRun } from './stats';

// The report's ways of writing a moment and a rate (io/report-data), which this table shares.
export { cstMinute, percent } from '../io/report-data';

/** Columns a character takes in a terminal: 2 for East Asian wide and full-width ones (Chinese names), else 1. */
function charWidth(cp: number): number {
  return (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
    ? 2
    : 1;
}

/** Terminal columns of a string (so that Chinese names line up). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

type Align = 'left' | 'right';

/** Rows padded into columns two spaces apart; numbers right-aligned where `align` says. */
function table(rows: string[][], align: Align[], indent = ''): string[] {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  return rows.map((r) =>
    (
      indent +
      r
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c] - displayWidth(cell));
          return align[c] === 'right' ? pad + cell : cell + pad;
        })
        .join('  ')
    ).trimEnd(),
  );
}

/** "a 1, b 2" from a record of counts, in its own key order. */
const counts = (r: Record<string, number>) =>
  Object.entries(r)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
/** "by level 1/2/3/4: 105/64/21/14". */
const levels = (r: Record<string, number>) =>
  `by level ${Object.keys(r).join('/')}: ${Object.values(r).join('/')}`;
/** The non-zero counts of a record ("none" when all are zero). */
const nonZero = (r: Record<string, number>) =>
  counts(Object.fromEntries(Object.entries(r).filter(([, n]) => n > 0))) || 'none';

/** The community line: its name and code, or how many communities (a county folder), else the dataset's name. */
function communityLine(run: StatsRun): string {
  const list = run.communities;
  if (list.length === 1) return `${list[0].name} (${list[0].code})`;
  const name = run.stats.dataset ? `${run.stats.dataset}: ` : '';
  if (list.length === 0) return run.stats.dataset || '—';
  const shown = list.slice(0, 3).map((c) => c.name);
  return `${name}${list.length} communities (${shown.join(', ')}${list.length > 3 ? ', …' : ''})`;
}

type Unit = Stats['towns'][number] | Stats['communities'][number];

/** Columns of a town or community row after its code, name and town (or, for a town, its number of communities). */
const UNIT_HEADER = [
  'grids',
  'enterprises',
  'incidents',
  'closed',
  'closure',
  'on-time',
  'overdue',
  'ent. coverage',
  'area coverage',
  'leader',
];
const UNIT_ALIGN: Align[] = Array<Align>(10).fill('right');

/** A town's or community's cells: `first`, then UNIT_HEADER's (the month's incidents, "leader" as patrolled/grids). */
function unitCells(u: Unit, first: string): string[] {
  const m = u.incidents.month;
  return [
    first,
    String(u.grids),
    String(u.enterprises.total),
    String(m.total),
    String(m.closed),
    percent(m.closureRate),
    percent(m.onTimeRate),
    String(u.incidents.overdue),
    percent(u.patrol.enterpriseCoverage),
    percent(u.patrol.areaCoverage),
    `${u.patrol.leaderPatrolledGrids}/${u.grids}`,
  ];
}

/**
 * The stats as text: community, as-of and month, the community's totals and the month's figures; with more than one
 * community a row per town and per community (issue 14); then one row per grid in force.
 * @example formatStatsText(await loadStats('data/zhihuiwan'))
 */
export function formatStatsText(run: StatsRun): string {
  const s: Stats = run.stats;
  const t = s.totals;
  const m = t.incidents.month;
  const p = t.patrol;
  const asOfMonth = monthOf(Date.parse(s.asOf)) === s.month;
  const head = table(
    [
      ['community', communityLine(run)],
      ['as-of', cstMinute(s.asOf)],
      ['month', `${s.month}${asOfMonth ? ' (the as-of month)' : ''}`],
      [
        'data covers',
        run.dataMonths
          ? `${run.dataMonths.first} to ${run.dataMonths.last}`
          : 'no incidents or patrol tracks',
      ],
    ],
    ['left', 'left'],
  );
  const totals = table(
    [
      ['grids', String(t.grids), ''],
      ['micro-grids', String(t.microGrids), ''],
      [
        'enterprises',
        String(t.enterprises.total),
        `above-size ${t.enterprises.above}, below ${t.enterprises.below}`,
      ],
      ['members', String(sum(t.members)), counts(t.members)],
      ['incidents', String(t.incidents.total), levels(t.incidents.byLevel)],
      ['', '', `by status: ${nonZero(t.incidents.byStatus)}`],
      ['overdue at as-of', String(t.incidents.overdue), 'not closed, past the deadline'],
      ['near-due at as-of', String(t.incidents.nearDue), 'not closed, deadline near'],
      ['patrol tracks', String(p.tracks), ''],
    ],
    ['left', 'right', 'left'],
    '  ',
  );
  const month = table(
    [
      ['incidents reported', String(m.total), levels(m.byLevel)],
      ['', '', `by category: ${nonZero(m.byCategory)}`],
      ['closed by month end', String(m.closed), ''],
      ['closure rate', percent(m.closureRate), 'of those reported in the month'],
      ['closed in the month', String(m.closedInMonth), ''],
      ['on-time rate', percent(m.onTimeRate), 'of those closed in the month'],
      ['patrol tracks', String(p.tracksInMonth), `radius ${p.radiusM} m`],
      [
        'enterprise coverage',
        percent(p.enterpriseCoverage),
        `${p.visitedEnterprises} of ${p.enterprises} enterprises visited`,
      ],
      ['area coverage', percent(p.areaCoverage), ''],
      ['leader patrolled', String(p.leaderPatrolledGrids), `of ${t.grids} grids`],
    ],
    ['left', 'right', 'left'],
    '  ',
  );
  const lines = [
    `Stats of ${s.dataset || 'the dataset'}`,
    ...head,
    '',
    'Totals',
    ...totals,
    '',
    `Month ${s.month}`,
    ...month,
  ];
  // A county (more than one community): its towns and communities before the grids, the same columns for both.
  if (s.communities.length > 1) {
    const townName = new Map(s.towns.map((u) => [u.code, u.name]));
    const towns = s.towns.map((u) => [u.code, u.name, ...unitCells(u, String(u.communityCodes.length))]);
    const communities = s.communities.map((u) => [
      u.code,
      u.name,
      ...unitCells(u, u.townCode === null ? '—' : (townName.get(u.townCode) ?? u.townCode)),
    ]);
    lines.push(
      '',
      `Towns in ${s.month} (${s.towns.length})`,
      ...table(
        [['code', 'name', 'communities', ...UNIT_HEADER], ...towns],
        ['left', 'left', 'right', ...UNIT_ALIGN],
        '  ',
      ),
      '',
      `Communities in ${s.month} (${s.communities.length})`,
      ...table(
        [['code', 'name', 'town', ...UNIT_HEADER], ...communities],
        ['left', 'left', 'left', ...UNIT_ALIGN],
        '  ',
      ),
    );
  }
  if (s.grids.length) {
    const header = [
      'code',
      'name',
      'enterprises',
      'micro-grids',
      'incidents',
      'closed',
      'closure',
      'on-time',
      'visited',
      'ent. coverage',
      'area coverage',
      'tracks',
      'leader',
    ];
    const rows = s.grids.map((g) => [
      g.code,
      g.name,
      String(g.enterprises),
      String(g.microGrids),
      String(g.incidents.total),
      String(g.incidents.closed),
      percent(g.closureRate),
      percent(g.onTimeRate),
      String(g.patrol.visitedEnterprises),
      percent(g.patrol.enterpriseCoverage),
      percent(g.patrol.areaCoverage),
      String(g.patrol.tracks),
      g.patrol.leaderPatrolled ? 'yes' : 'no',
    ]);
    const align: Align[] = ['left', 'left', ...Array<Align>(10).fill('right'), 'left'];
    lines.push('', `Grids in ${s.month} (${s.grids.length})`, ...table([header, ...rows], align, '  '));
  }
  return `${lines.join('\n')}\n`;
}
