/**
 * The monthly assessment report (月度考核, `gridsight report`) as one self-contained HTML page, ready to print on A4
 * landscape. Pure: figures in, a string out (no file system, no DOM), so the same page can be written by the CLI,
 * printed to PDF by Chromium, or checked by a test.
 *
 * Every figure comes from the `stats` JSON (domain/stats) as it is, formatted by the caller's `percent` (the CLI's
 * stats-text one), so the report can never say another number than `gridsight stats --month`. The only figures the
 * stats JSON has not per grid — overdue at asOf, and the validation findings — come in `overdueByGrid` and
 * `validation`, computed by the caller with the domain's own functions.
 *
 * Everything from the dataset (names, codes) is text, never HTML: it is escaped wherever it lands (element text,
 * attribute values, the page title, SVG titles). The page has a strict Content-Security-Policy, no script and no
 * reference to anything outside itself: charts and the map are inline SVG drawn here.
 */
import type { Position } from 'geojson';
import type { Rate } from '../domain/rate';
import { CLOSURE_RATE_CLASSES, PATROL_COVERAGE_TARGET, underPatrolTarget } from '../domain/rules';
import type { Stats } from '../domain/stats';
import { CATEGORY_LABELS_ZH } from '../domain/value-labels';
import { escapeHtml } from './escape-html';
import {
  GRID_STAFF_ROLES,
  INCIDENT_CATEGORIES,
  type Areal,
  type IncidentCategory,
  type MemberRole,
} from '../domain/types';

type Grid = Stats['grids'][number];
type Totals = Stats['totals'];
type Level = '1' | '2' | '3' | '4';
const LEVELS: readonly Level[] = ['1', '2', '3', '4'];

/** The report's languages: Chinese (the default, as the app) and English. */
export type ReportLang = 'zh-CN' | 'en';

/** What validation found about one grid: its findings by severity, and the staffing finding's roles, if any. */
export interface GridCheck {
  /** Findings naming the grid or one of its micro-grids (a finding naming several grids counts for each). */
  errors: number;
  warnings: number;
  /** The grid's own `staffing` finding (the four roles): each role that is off; empty when staffing is right. */
  staffing: { role: MemberRole; has: number; needs: number }[];
}

/** The validation of the dataset as the report shows it (from `gridsight validate`'s report). */
export interface ReportValidation {
  /** The moment the units were checked at, as the reader should see it. */
  asOfText: string;
  errors: number;
  warnings: number;
  /** Per grid code in force; a grid absent here has no finding. */
  byGrid: ReadonlyMap<string, GridCheck>;
}

/** Everything the page shows. */
export interface ReportInput {
  lang: ReportLang;
  /** The community's name (one community) or the dataset's: the title starts with it. */
  name: string;
  stats: Stats;
  /** Whether the month lies within the months the incidents and tracks cover (else its figures are zeros and "—"). */
  monthHasData: boolean;
  /** The months the data covers, for the header; null when there is no incident and no track. */
  dataMonths: { first: string; last: string } | null;
  /** asOf and the generation time, formatted by the caller (China Standard Time). */
  asOfText: string;
  generatedText: string;
  /** community.geojson says the data is synthetic: the page says so at the top. */
  synthetic: boolean;
  /** The one way rates are written (the CLI's stats-text `percent`): "78.9 %", "—" for null. */
  percent: (rate: Rate | undefined) => string;
  /** Overdue incidents at asOf per grid code (domain/stats dueCounts over the grid's incidents). */
  overdueByGrid: ReadonlyMap<string, number>;
  /** null when the dataset cannot be validated (no community.geojson): the validation columns say "—". */
  validation: ReportValidation | null;
  /**
   * Why `validation` is null, for the header: 'no-community' (the default; the dataset cannot be validated) or
   * 'unavailable' (the app had no finished validation report to give).
   */
  notValidated?: 'no-community' | 'unavailable';
  /** Outlines for the maps: the grids in force by code, and the communities. Missing ones are just not drawn. */
  shapes: {
    grids: ReadonlyMap<string, Areal>;
    communities: readonly { code: string; geometry: Areal }[];
  };
}

// ── Words ────────────────────────────────────────────────────────────────────────────────────────────────────────

const ZH = {
  title: (name: string, month: string) => {
    const [y, m] = month.split('-');
    return `${name} 网格化服务管理月度考核 ${y}年${Number(m)}月`;
  },
  meta: {
    month: '考核月份',
    asOf: '数据时点',
    generated: '生成时间',
    covers: '数据覆盖',
    coversRange: (a: string, b: string) => (a === b ? a : `${a} 至 ${b}`),
    noData: '无事件和巡查数据',
    validation: '数据校验',
    validationText: (e: number, w: number, at: string) => `错误 ${e} 项，警告 ${w} 项（校验时点 ${at}）`,
    notValidated: '未校验（缺少 community.geojson）',
    validationUnavailable: '无校验结果（数据校验未完成或失败）',
  },
  syntheticTitle: '模拟数据',
  synthetic: '本数据集为程序生成的合成数据（虚构），不代表真实的企业、人员或地点。',
  monthEmpty: (month: string) => `${month} 没有事件和巡查记录：本月各项为 0，比率为“—”（无可统计对象）。`,
  sections: {
    summary: '一、总体情况',
    grids: '二、各网格情况',
    communities: '二、各社区网格情况',
    notes: '三、口径说明',
    unassigned: '未归属社区的网格',
  },
  tables: {
    units: '本月主要指标',
    unitCategories: '本月事件类别',
    grids: '各网格本月指标（按办结率、按期办结率排名）',
    gridCategories: '各网格本月事件类别',
  },
  communityRank: (rank: number, n: number) => `社区排名 ${rank} / ${n}`,
  communityLine: (grids: number, enterprises: number) => `${grids} 个网格，${enterprises} 家企业`,
  groups: { total: '合计', towns: '镇街', communities: '社区（按办结率、按期办结率排名）' },
  cols: {
    rank: '排名',
    code: '编码',
    name: '名称',
    grid: '网格',
    grids: '网格数',
    enterprises: '企业数',
    total: '本月事件',
    level: (l: string) => `${'一二三四'[Number(l) - 1]}级`,
    closed: '已办结',
    closureRate: '办结率',
    onTimeRate: '按期办结率',
    overdue: '逾期未结',
    nearDue: '临期',
    enterpriseCoverage: '企业巡查覆盖率',
    areaCoverage: '面积巡查覆盖率',
    leaderPatrolled: '网格长巡查',
    staffing: '四岗配齐',
    validation: '校验',
  },
  yes: '是',
  no: '否',
  none: '—',
  staffingOff: (parts: string[]) => `否：${parts.join('、')}`,
  checkOk: '通过',
  checkText: (e: number, w: number) =>
    [e ? `错误 ${e}` : '', w ? `警告 ${w}` : ''].filter(Boolean).join(' · '),
  roles: {
    'grid-leader': '网格长',
    'full-time': '专职网格员',
    'part-time': '兼职网格员',
    instructor: '网格指导员',
    other: '其他成员',
    'micro-leader': '微网格长',
  } satisfies Record<MemberRole, string>,
  /** The four grid roles in few characters, for a table cell (the wall's words, src/i18n wall.tour.roles). */
  shortRoles: {
    'grid-leader': '网格长',
    'full-time': '专职',
    'part-time': '兼职',
    instructor: '指导员',
  } as Record<(typeof GRID_STAFF_ROLES)[number], string>,
  categories: CATEGORY_LABELS_ZH,
  charts: {
    levels: '本月事件（按等级）',
    coverage: '本月巡查覆盖率',
    enterprise: '企业',
    area: '面积',
    target: (p: string) => `目标 ${p}`,
    map: '办结率分布',
    mapLabels: { grids: '图中数字为网格排名', communities: '图中数字为社区排名' },
    noRate: '本月无事件',
    noShapes: '无可绘制的网格边界',
  },
  notes: (p: { radius: number; target: string }) => [
    '办结率：本月上报的事件中，至月末（数据时点早于月末时至数据时点）已结案的比例；按期办结率：本月结案的事件中，不晚于办理期限结案的比例。无可统计对象时记为“—”，不作 0 % 或 100 %。',
    '逾期未结、临期：截至数据时点、尚未结案的事件（与月份无关）。',
    `巡查覆盖率：企业巡查覆盖率为本月巡查轨迹 ${p.radius} 米范围内的企业占网格企业的比例，面积巡查覆盖率为轨迹 ${p.radius} 米范围内的面积占网格面积的比例；目标 ${p.target}，低于目标的单元格标红并加 ▼。`,
    '网格长巡查：本月有该网格网格长本人的巡查轨迹。四岗配齐：网格长、专职网格员、兼职网格员、网格指导员各 1 名（校验规则 staffing）。',
    '校验：gridsight validate 的结果，每个网格计入涉及它或其微网格的错误与警告；涉及多个网格的问题分别计入各网格。',
    '排名：按办结率从高到低，相同时按按期办结率从高到低，再按编码；办结率为“—”（本月无事件）的排在最后；两项都相同者名次并列。',
    '本报告的数字与 gridsight stats --month 输出的统计 JSON 一致。',
  ],
};

type Labels = typeof ZH;

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const EN: Labels = {
  title: (name, month) => {
    const [y, m] = month.split('-');
    return `${name}: monthly assessment of grid service management, ${MONTHS_EN[Number(m) - 1]} ${y}`;
  },
  meta: {
    month: 'Month assessed',
    asOf: 'Data as of',
    generated: 'Generated',
    covers: 'Data covers',
    coversRange: (a, b) => (a === b ? a : `${a} to ${b}`),
    noData: 'no incidents or patrol tracks',
    validation: 'Validation',
    validationText: (e, w, at) => `${e} errors, ${w} warnings (checked at ${at})`,
    notValidated: 'not validated (no community.geojson)',
    validationUnavailable: 'no validation result (the check did not finish or failed)',
  },
  syntheticTitle: 'SYNTHETIC DATA',
  synthetic:
    'This dataset is SYNTHETIC: generated by a program. It describes no real enterprise, person or place.',
  monthEmpty: (month) =>
    `${month} has no incidents and no patrol tracks: its counts are 0 and its rates "—" (nothing to count).`,
  sections: {
    summary: '1. Overview',
    grids: '2. Grids',
    communities: '2. Grids by community',
    notes: '3. Definitions',
    unassigned: 'Grids of no community',
  },
  tables: {
    units: "The month's figures",
    unitCategories: "The month's incidents by category",
    grids: 'Grids in the month (ranked by closure rate, then on-time rate)',
    gridCategories: "Grids: the month's incidents by category",
  },
  communityRank: (rank, n) => `community rank ${rank} of ${n}`,
  communityLine: (grids, enterprises) => `${grids} grids, ${enterprises} enterprises`,
  groups: {
    total: 'Total',
    towns: 'Towns',
    communities: 'Communities (ranked by closure rate, then on-time rate)',
  },
  cols: {
    rank: 'Rank',
    code: 'Code',
    name: 'Name',
    grid: 'Grid',
    grids: 'Grids',
    enterprises: 'Enterprises',
    total: 'Incidents',
    level: (l) => `Level ${l}`,
    closed: 'Closed',
    closureRate: 'Closure rate',
    onTimeRate: 'On-time rate',
    overdue: 'Overdue',
    nearDue: 'Near due',
    enterpriseCoverage: 'Enterprise coverage',
    areaCoverage: 'Area coverage',
    leaderPatrolled: 'Leader patrolled',
    staffing: 'Four roles staffed',
    validation: 'Validation',
  },
  yes: 'yes',
  no: 'no',
  none: '—',
  staffingOff: (parts) => `no: ${parts.join(', ')}`,
  checkOk: 'passed',
  checkText: (e, w) => [e ? `${e} errors` : '', w ? `${w} warnings` : ''].filter(Boolean).join(' · '),
  roles: {
    'grid-leader': 'Grid leader',
    'full-time': 'Full-time grid worker',
    'part-time': 'Part-time grid worker',
    instructor: 'Grid instructor',
    other: 'Other member',
    'micro-leader': 'Micro-grid leader',
  },
  shortRoles: {
    'grid-leader': 'leader',
    'full-time': 'full-time',
    'part-time': 'part-time',
    instructor: 'instructor',
  },
  categories: {
    safety: 'Work safety',
    fire: 'Fire safety',
    environment: 'Environment',
    labour: 'Labour',
    'public-order': 'Public order',
    'enterprise-request': 'Enterprise requests',
    facility: 'Facilities',
    party: 'Party building',
    other: 'Other',
  },
  charts: {
    levels: "The month's incidents by level",
    coverage: "The month's patrol coverage",
    enterprise: 'enterprises',
    area: 'area',
    target: (p) => `target ${p}`,
    map: 'Closure rate',
    mapLabels: { grids: 'Numbers are the grids’ ranks', communities: 'Numbers are the communities’ ranks' },
    noRate: 'no incidents',
    noShapes: 'No grid outline to draw',
  },
  notes: (p) => [
    'Closure rate: of the incidents reported in the month, the share closed by its end (or by the as-of moment when that is earlier). On-time rate: of the incidents closed in the month, the share closed by their deadline. A rate with nothing to count is "—", never 0 % or 100 %.',
    'Overdue and near due: incidents not closed at the as-of moment (whatever the month).',
    `Patrol coverage: the share of the grid's enterprises within ${p.radius} m of the month's tracks, and the share of its area; the target is ${p.target}, and cells below it are red with ▼.`,
    "Leader patrolled: the grid's own leader walked a track in the month. Four roles staffed: one grid leader, full-time worker, part-time worker and instructor (validation rule staffing).",
    'Validation: the findings of gridsight validate that name the grid or one of its micro-grids; a finding naming several grids counts for each.',
    'Rank: closure rate, highest first, then on-time rate, then code; grids whose closure rate is "—" (no incidents) come last; equal rates share a rank.',
    'Every figure equals the stats JSON of gridsight stats --month.',
  ],
};

const LABELS: Record<ReportLang, Labels> = { 'zh-CN': ZH, en: EN };

/**
 * The report's words for a language: the table heads, role and category names (the app's wording, src/i18n).
 * @example reportLabels('zh-CN').categories.safety === '安全生产'
 */
export function reportLabels(lang: ReportLang): Labels {
  return LABELS[lang];
}

// ── Text as HTML ─────────────────────────────────────────────────────────────────────────────────────────────────

const esc = escapeHtml;

/** At most `n` characters (code points), with "…" when cut. */
function clip(text: string, n: number): string {
  const chars = [...text];
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : text;
}

// ── Ranking ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** Highest first, null (nothing to count) last. */
const byRateDesc = (a: Rate, b: Rate) => (a === null ? (b === null ? 0 : 1) : b === null ? -1 : b - a);

/**
 * Units ranked as the report ranks them: closure rate, highest first, then on-time rate, then code; a null rate
 * comes after every number; units with both rates equal share a rank (1, 2, 2, 4).
 * @example rankUnits(stats.grids, (g) => [g.closureRate, g.onTimeRate, g.code])[0].rank === 1
 */
export function rankUnits<T>(
  units: readonly T[],
  key: (unit: T) => [closureRate: Rate, onTimeRate: Rate, code: string],
): { unit: T; rank: number }[] {
  const keyed = units.map((unit) => ({ unit, k: key(unit) }));
  keyed.sort(
    (a, b) =>
      byRateDesc(a.k[0], b.k[0]) ||
      byRateDesc(a.k[1], b.k[1]) ||
      (a.k[2] < b.k[2] ? -1 : a.k[2] > b.k[2] ? 1 : 0),
  );
  const out: { unit: T; rank: number }[] = [];
  keyed.forEach((x, i) => {
    const prev = keyed[i - 1];
    const tied = prev && prev.k[0] === x.k[0] && prev.k[1] === x.k[1];
    out.push({ unit: x.unit, rank: tied ? out[i - 1].rank : i + 1 });
  });
  return out;
}

const gridKey = (g: Grid): [Rate, Rate, string] => [g.closureRate, g.onTimeRate, g.code];
const unitKey = (u: {
  code: string;
  incidents: { month: { closureRate: Rate; onTimeRate: Rate } };
}): [Rate, Rate, string] => [u.incidents.month.closureRate, u.incidents.month.onTimeRate, u.code];

// ── Tables ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** One cell: its text (escaped when written), the key a test reads it by, and a class. */
interface Cell {
  text: string;
  k?: string;
  cls?: string;
  title?: string;
}

function td(c: Cell): string {
  const k = c.k ? ` data-k="${esc(c.k)}"` : '';
  const cls = c.cls ? ` class="${c.cls}"` : '';
  const title = c.title ? ` title="${esc(c.title)}"` : '';
  return `<td${k}${cls}${title}>${esc(c.text)}</td>`;
}

const num = (k: string, n: number): Cell => ({ k, text: String(n), cls: 'num' });

/** A table: head cells, then rows (each with its attributes, already escaped, and cells). */
function table(
  cls: string,
  head: string[],
  rows: { attrs: string; cells: Cell[] }[],
  caption?: string,
): string {
  const thead = `<thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>`;
  const body = rows.map((r) => `<tr${r.attrs}>${r.cells.map(td).join('')}</tr>`).join('\n');
  const cap = caption ? `<caption>${esc(caption)}</caption>` : '';
  return `<table class="${cls}">${cap}${thead}<tbody>\n${body}\n</tbody></table>`;
}

/** A rate cell, marked when under the patrol target (the patrol columns). */
function coverageCell(k: string, rate: Rate, percent: ReportInput['percent']): Cell {
  return { k, text: percent(rate), cls: underPatrolTarget(rate) ? 'num below' : 'num' };
}

interface Ctx {
  input: ReportInput;
  L: Labels;
  P: ReportInput['percent'];
}

/** The columns of a town's, community's or the total's row (after its rank, code and name). */
function unitHead(L: Labels): string[] {
  const c = L.cols;
  return [
    c.grids,
    c.enterprises,
    c.total,
    ...LEVELS.map(c.level),
    c.closed,
    c.closureRate,
    c.onTimeRate,
    c.overdue,
    c.nearDue,
    c.enterpriseCoverage,
    c.areaCoverage,
    c.leaderPatrolled,
  ];
}

function unitCells(t: Totals, P: ReportInput['percent']): Cell[] {
  const m = t.incidents.month;
  return [
    num('grids', t.grids),
    num('enterprises', t.enterprises.total),
    num('total', m.total),
    ...LEVELS.map((l) => num(`level${l}`, m.byLevel[l])),
    num('closed', m.closed),
    { k: 'closureRate', text: P(m.closureRate), cls: 'num' },
    { k: 'onTimeRate', text: P(m.onTimeRate), cls: 'num' },
    num('overdue', t.incidents.overdue),
    num('nearDue', t.incidents.nearDue),
    coverageCell('enterpriseCoverage', t.patrol.enterpriseCoverage, P),
    coverageCell('areaCoverage', t.patrol.areaCoverage, P),
    {
      k: 'leaderPatrolled',
      text: `${t.patrol.leaderPatrolledGrids}/${t.grids}`,
      cls: t.patrol.leaderPatrolledGrids < t.grids ? 'num bad' : 'num',
    },
  ];
}

const categoryCells = (byCategory: Record<IncidentCategory, number>): Cell[] =>
  INCIDENT_CATEGORIES.map((c) => num(`cat-${c}`, byCategory[c]));

interface UnitRow {
  /** data-unit: "total", "town:CODE" or "community:CODE". */
  id: string;
  rank: string;
  code: string;
  name: string;
  totals: Totals;
  group?: string;
}

/** The summary's unit rows: the total, then (several communities) the towns by code and the communities ranked. */
function unitRows(ctx: Ctx): UnitRow[] {
  const { stats } = ctx.input;
  const rows: UnitRow[] = [
    { id: 'total', rank: '', code: '', name: ctx.L.groups.total, totals: stats.totals },
  ];
  if (stats.communities.length > 1) {
    stats.towns.forEach((t, i) =>
      rows.push({
        id: `town:${t.code}`,
        rank: '',
        code: t.code,
        name: t.name,
        totals: t,
        group: i === 0 ? ctx.L.groups.towns : undefined,
      }),
    );
    rankUnits(stats.communities, unitKey).forEach(({ unit, rank }, i) =>
      rows.push({
        id: `community:${unit.code}`,
        rank: String(rank),
        code: unit.code,
        name: unit.name,
        totals: unit,
        group: i === 0 ? ctx.L.groups.communities : undefined,
      }),
    );
  }
  return rows;
}

function unitTables(ctx: Ctx): string {
  const { L, P } = ctx;
  const rows = unitRows(ctx);
  // One row (one community): no rank and no code to show.
  const single = rows.length === 1;
  const groupRow = (r: UnitRow, w: number) =>
    r.group ? `<tr class="group"><th colspan="${w}">${esc(r.group)}</th></tr>\n` : '';
  const name = (r: UnitRow): Cell => ({
    k: 'name',
    text: r.name,
    cls: r.id === 'total' ? 'name total' : 'name',
  });
  const lead = (r: UnitRow): Cell[] =>
    single
      ? [name(r)]
      : [{ k: 'rank', text: r.rank, cls: 'num' }, { k: 'code', text: r.code, cls: 'code' }, name(r)];
  const head = single ? [L.cols.name] : [L.cols.rank, L.cols.code, L.cols.name];
  const render = (
    cls: string,
    heads: string[],
    cells: (r: UnitRow) => Cell[],
    caption: string,
    w: number,
  ) => {
    const body = rows
      .map(
        (r) =>
          `${groupRow(r, w)}<tr data-unit="${esc(r.id)}">${[...lead(r), ...cells(r)].map(td).join('')}</tr>`,
      )
      .join('\n');
    return (
      `<table class="${cls}"><caption>${esc(caption)}</caption>` +
      `<thead><tr>${[...head, ...heads].map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
      `<tbody>\n${body}\n</tbody></table>`
    );
  };
  return (
    render(
      'units',
      unitHead(L),
      (r) => unitCells(r.totals, P),
      L.tables.units,
      head.length + unitHead(L).length,
    ) +
    render(
      'units categories',
      INCIDENT_CATEGORIES.map((c) => L.categories[c]),
      (r) => categoryCells(r.totals.incidents.month.byCategory),
      L.tables.unitCategories,
      head.length + INCIDENT_CATEGORIES.length,
    )
  );
}

/** A role's short name where there is one (the four grid roles), else its name. */
const roleShort = (L: Labels, role: MemberRole) =>
  (L.shortRoles as Partial<Record<MemberRole, string>>)[role] ?? L.roles[role];

/** The staffing cell: "—" without members, else the validator's verdict on the four roles. */
function staffingCell(ctx: Ctx, g: Grid): Cell {
  const { L, input } = ctx;
  const hasMembers = Object.values(input.stats.totals.members).some((n) => n > 0);
  const counts = GRID_STAFF_ROLES.map((r) => `${L.roles[r]} ${g.members[r]}`).join(', ');
  if (!hasMembers || !input.validation) return { k: 'staffing', text: L.none, cls: 'mid', title: counts };
  const off = input.validation.byGrid.get(g.code)?.staffing ?? [];
  if (!off.length) return { k: 'staffing', text: L.yes, cls: 'mid', title: counts };
  return {
    k: 'staffing',
    text: L.staffingOff(off.map((o) => `${roleShort(L, o.role)} ${o.has}`)),
    cls: 'bad',
    title: counts,
  };
}

function validationCell(ctx: Ctx, g: Grid): Cell {
  const { L, input } = ctx;
  if (!input.validation) return { k: 'validation', text: L.none, cls: 'mid' };
  const c = input.validation.byGrid.get(g.code);
  if (!c || (!c.errors && !c.warnings)) return { k: 'validation', text: L.checkOk, cls: 'mid' };
  return { k: 'validation', text: L.checkText(c.errors, c.warnings), cls: c.errors ? 'bad' : 'warn' };
}

function gridHead(L: Labels): string[] {
  const c = L.cols;
  return [
    c.rank,
    c.code,
    c.grid,
    c.enterprises,
    c.total,
    ...LEVELS.map(c.level),
    c.closed,
    c.closureRate,
    c.onTimeRate,
    c.overdue,
    c.enterpriseCoverage,
    c.areaCoverage,
    c.leaderPatrolled,
    c.staffing,
    c.validation,
  ];
}

function gridCells(ctx: Ctx, g: Grid, rank: number): Cell[] {
  const { L, P, input } = ctx;
  const overdue = input.overdueByGrid.get(g.code);
  return [
    num('rank', rank),
    { k: 'code', text: g.code, cls: 'code' },
    { k: 'name', text: g.name, cls: 'name' },
    num('enterprises', g.enterprises),
    num('total', g.incidents.total),
    ...LEVELS.map((l) => num(`level${l}`, g.incidents.byLevel[l])),
    num('closed', g.incidents.closed),
    { k: 'closureRate', text: P(g.closureRate), cls: 'num' },
    { k: 'onTimeRate', text: P(g.onTimeRate), cls: 'num' },
    overdue === undefined ? { k: 'overdue', text: L.none, cls: 'num' } : num('overdue', overdue),
    coverageCell('enterpriseCoverage', g.patrol.enterpriseCoverage, P),
    coverageCell('areaCoverage', g.patrol.areaCoverage, P),
    {
      k: 'leaderPatrolled',
      text: g.patrol.leaderPatrolled ? L.yes : L.no,
      cls: g.patrol.leaderPatrolled ? 'mid' : 'mid bad',
    },
    staffingCell(ctx, g),
    validationCell(ctx, g),
  ];
}

/** A group of grids (a community's, or all of one community's dataset): ranked tables, charts and a map. */
function gridBlock(ctx: Ctx, grids: readonly Grid[]): string {
  const { L } = ctx;
  const ranked = rankUnits(grids, gridKey);
  const attrs = (g: Grid) => ` data-grid="${esc(g.code)}"`;
  const main = table(
    'grids',
    gridHead(L),
    ranked.map(({ unit, rank }) => ({ attrs: attrs(unit), cells: gridCells(ctx, unit, rank) })),
    L.tables.grids,
  );
  const categories = table(
    'grids categories',
    [L.cols.rank, L.cols.code, L.cols.grid, ...INCIDENT_CATEGORIES.map((c) => L.categories[c])],
    ranked.map(({ unit, rank }) => ({
      attrs: attrs(unit),
      cells: [
        num('rank', rank),
        { k: 'code', text: unit.code, cls: 'code' },
        { k: 'name', text: unit.name, cls: 'name' },
        ...categoryCells(unit.incidents.byCategory),
      ],
    })),
    L.tables.gridCategories,
  );
  const bars = ranked.map(({ unit, rank }) => ({
    label: `${rank} ${unit.name}`,
    title: `${unit.code} ${unit.name}`,
    byLevel: unit.incidents.byLevel,
    total: unit.incidents.total,
    enterprise: unit.patrol.enterpriseCoverage,
    area: unit.patrol.areaCoverage,
  }));
  const shapes: Shape[] = [];
  const labels: MapLabel[] = [];
  for (const { unit, rank } of ranked) {
    const geometry = ctx.input.shapes.grids.get(unit.code);
    if (!geometry) continue;
    const title = `${rank} ${unit.name}（${unit.code}）${L.cols.closureRate} ${ctx.P(unit.closureRate)}`;
    shapes.push({ geometry, fill: closureFill(unit.closureRate), title });
    labels.push({ geometry, text: String(rank) });
  }
  const charts = chartRow(ctx, bars, { shapes, outlines: [], labels }, L.charts.mapLabels.grids, 320);
  return `${main}\n${charts}\n${categories}`;
}

// ── Charts (inline SVG) ──────────────────────────────────────────────────────────────────────────────────────────

/** The app's chart colours (src/charts/palette: levels light to dark, coverage blue at or above target, vermillion under). */
const LEVEL_COLOURS: Record<Level, string> = {
  '1': '#fdcc8a',
  '2': '#fc8d59',
  '3': '#d7301f',
  '4': '#7f0000',
};
const COVERAGE = {
  ok: '#0072B2',
  warn: '#D55E00',
  okLight: '#8cc3e6',
  warnLight: '#f0b48a',
  target: '#334155',
};
const TEXT = { color: '#334155', muted: '#64748b', axis: '#cbd5e1' };

/** Closure-rate classes of the maps: lower bounds, colours (ColorBrewer RdYlBu, red low), and "—" grey. */
const CLOSURE_BREAKS = CLOSURE_RATE_CLASSES;
const CLOSURE_COLOURS = ['#d73027', '#fc8d59', '#fee090', '#91bfdb', '#4575b4'];
const NO_RATE = '#e5e7eb';

function closureFill(rate: Rate): string {
  if (rate === null || !Number.isFinite(rate)) return NO_RATE;
  return CLOSURE_COLOURS[CLOSURE_BREAKS.filter((b) => rate >= b).length];
}

interface Bar {
  label: string;
  title: string;
  byLevel: Record<Level, number>;
  total: number;
  enterprise: Rate;
  area: Rate;
}

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

const ROW = 15;
const LABEL_W = 104;

/** Horizontal stacked bars of incidents by level, one row per unit, with the total after each bar. */
function levelBarsSvg(ctx: Ctx, bars: readonly Bar[], width: number): string {
  const { L } = ctx;
  const top = 22;
  const plotW = width - LABEL_W - 34;
  const max = Math.max(1, ...bars.map((b) => b.total));
  const height = top + bars.length * ROW + 6;
  const parts: string[] = [];
  // Legend.
  LEVELS.forEach((l, i) => {
    const x = LABEL_W + i * 52;
    parts.push(
      `<rect x="${x}" y="4" width="10" height="10" fill="${LEVEL_COLOURS[l]}"/>`,
      `<text x="${x + 13}" y="13" class="t">${esc(L.cols.level(l))}</text>`,
    );
  });
  bars.forEach((b, i) => {
    const y = top + i * ROW;
    parts.push(`<g><title>${esc(`${b.title}: ${b.total}`)}</title>`);
    parts.push(
      `<text x="${LABEL_W - 4}" y="${y + 10}" class="t" text-anchor="end">${esc(clip(b.label, 10))}</text>`,
    );
    let x = LABEL_W;
    for (const l of LEVELS) {
      const w = (b.byLevel[l] / max) * plotW;
      if (w > 0)
        parts.push(
          `<rect x="${f1(x)}" y="${y + 2}" width="${f1(w)}" height="${ROW - 5}" fill="${LEVEL_COLOURS[l]}"/>`,
        );
      x += w;
    }
    parts.push(`<text x="${f1(x + 3)}" y="${y + 10}" class="t m">${b.total}</text></g>`);
  });
  parts.push(`<line x1="${LABEL_W}" x2="${LABEL_W}" y1="${top}" y2="${height - 6}" stroke="${TEXT.axis}"/>`);
  return svg(width, height, L.charts.levels, parts);
}

/** Horizontal bars of enterprise (thick) and area (thin) patrol coverage, 0–100 %, with the target line. */
function coverageBarsSvg(ctx: Ctx, bars: readonly Bar[], width: number): string {
  const { L, P } = ctx;
  const top = 32;
  const valueW = 86;
  const plotW = width - LABEL_W - valueW - 8;
  const bottom = top + bars.length * ROW;
  const height = bottom + 14;
  const xOf = (r: number) => LABEL_W + r * plotW;
  const parts: string[] = [];
  parts.push(
    `<rect x="${LABEL_W}" y="4" width="10" height="7" fill="${COVERAGE.ok}"/>`,
    `<text x="${LABEL_W + 13}" y="11" class="t">${esc(L.charts.enterprise)}</text>`,
    `<rect x="${LABEL_W + 70}" y="6" width="10" height="4" fill="${COVERAGE.okLight}"/>`,
    `<text x="${LABEL_W + 83}" y="11" class="t">${esc(L.charts.area)}</text>`,
    `<rect x="${LABEL_W + 130}" y="2" width="10" height="7" fill="${COVERAGE.warn}"/>`,
    `<rect x="${LABEL_W + 130}" y="9.5" width="10" height="4" fill="${COVERAGE.warnLight}"/>`,
    `<text x="${LABEL_W + 143}" y="11" class="t">&lt; ${esc(P(PATROL_COVERAGE_TARGET))}</text>`,
  );
  // Axis below the bars: 0, 50 and 100 %.
  for (const r of [0, 0.5, 1]) {
    const x = f1(xOf(r));
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${top - 2}" y2="${bottom + 2}" stroke="${TEXT.axis}" stroke-width="0.5"/>`,
      `<text x="${x}" y="${bottom + 11}" class="t m" text-anchor="middle">${esc(P(r))}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const y = top + i * ROW;
    const e = b.enterprise;
    const a = b.area;
    parts.push(
      `<g><title>${esc(`${b.title}: ${L.charts.enterprise} ${P(e)}, ${L.charts.area} ${P(a)}`)}</title>`,
      `<text x="${LABEL_W - 4}" y="${y + 10}" class="t" text-anchor="end">${esc(clip(b.label, 10))}</text>`,
    );
    if (e !== null) {
      const fill = underPatrolTarget(e) ? COVERAGE.warn : COVERAGE.ok;
      parts.push(`<rect x="${LABEL_W}" y="${y + 1}" width="${f1(e * plotW)}" height="7" fill="${fill}"/>`);
    }
    if (a !== null) {
      const fill = underPatrolTarget(a) ? COVERAGE.warnLight : COVERAGE.okLight;
      parts.push(`<rect x="${LABEL_W}" y="${y + 8.5}" width="${f1(a * plotW)}" height="4" fill="${fill}"/>`);
    }
    parts.push(
      `<text x="${width - valueW + 2}" y="${y + 10}" class="t m">${esc(`${P(e)} / ${P(a)}`)}</text></g>`,
    );
  });
  const tx = f1(xOf(PATROL_COVERAGE_TARGET));
  parts.push(
    `<line x1="${tx}" x2="${tx}" y1="${top - 8}" y2="${bottom + 2}" stroke="${COVERAGE.target}" stroke-dasharray="3 2"/>`,
    `<text x="${tx}" y="${top - 10}" class="t" text-anchor="middle">${esc(L.charts.target(P(PATROL_COVERAGE_TARGET)))}</text>`,
  );
  return svg(width, height, L.charts.coverage, parts);
}

function svg(width: number, height: number, label: string, parts: string[]): string {
  return (
    `<svg width="${width}" height="${f1(height)}" viewBox="0 0 ${width} ${f1(height)}" role="img" aria-label="${esc(label)}">` +
    `${parts.join('')}</svg>`
  );
}

// ── Map ──────────────────────────────────────────────────────────────────────────────────────────────────────────

interface Shape {
  geometry: Areal;
  fill: string;
  title: string;
}

/** A number written at the centroid of a geometry's largest polygon (a rank). */
interface MapLabel {
  geometry: Areal;
  text: string;
}

const polygonsOf = (g: Areal): Position[][][] => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/**
 * The outlines as an SVG map: an equirectangular projection at the data's middle latitude (x = lon·cos φ0,
 * y = −lat), fitted into `width` × at most `maxHeight`; vertices under 0.6 px apart are dropped. Filled shapes
 * carry a title; outlines are drawn over them, and labels over both.
 */
function mapSvg(
  ctx: Ctx,
  layers: { shapes: readonly Shape[]; outlines: readonly Areal[]; labels: readonly MapLabel[] },
  width: number,
  maxHeight: number,
): string {
  const { shapes, outlines, labels } = layers;
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const g of [...shapes.map((s) => s.geometry), ...outlines]) {
    for (const poly of polygonsOf(g))
      for (const ring of poly)
        for (const [x, y] of ring) {
          if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
  }
  if (!(minX <= maxX && minY <= maxY)) return `<p class="muted">${esc(ctx.L.charts.noShapes)}</p>`;
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const pad = 4;
  const dw = Math.max((maxX - minX) * k, 1e-9);
  const dh = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * pad) / dw, (maxHeight - 2 * pad) / dh);
  const height = Math.ceil(dh * scale + 2 * pad);
  const px = ([x, y]: Position): [number, number] => [pad + (x - minX) * k * scale, pad + (maxY - y) * scale];
  const pathOf = (g: Areal): string => {
    let d = '';
    for (const poly of polygonsOf(g)) {
      for (const ring of poly) {
        const pts: [number, number][] = [];
        for (const p of ring) {
          const q = px(p);
          const last = pts[pts.length - 1];
          if (!last || Math.hypot(q[0] - last[0], q[1] - last[1]) >= 0.6) pts.push(q);
        }
        if (pts.length < 3) continue;
        d += `M${pts.map(([x, y]) => `${f1(x)} ${f1(y)}`).join('L')}Z`;
      }
    }
    return d;
  };
  const parts: string[] = [];
  for (const s of shapes) {
    const d = pathOf(s.geometry);
    if (d)
      parts.push(
        `<path d="${d}" fill="${s.fill}" stroke="#ffffff" stroke-width="0.6"><title>${esc(s.title)}</title></path>`,
      );
  }
  for (const g of outlines) {
    const d = pathOf(g);
    if (d) parts.push(`<path d="${d}" fill="none" stroke="#1f2937" stroke-width="1.2"/>`);
  }
  for (const l of labels) {
    const c = centroid(l.geometry, px);
    if (c)
      parts.push(
        `<text x="${f1(c[0])}" y="${f1(c[1] + 3)}" class="lbl" text-anchor="middle">${esc(l.text)}</text>`,
      );
  }
  return svg(width, height, ctx.L.charts.map, parts);
}

/** The centroid, in pixels, of the outer ring of a geometry's largest polygon. */
function centroid(g: Areal, px: (p: Position) => [number, number]): [number, number] | null {
  let best: [number, number] | null = null;
  let bestArea = 0;
  for (const poly of polygonsOf(g)) {
    const ring = poly[0]?.map(px) ?? [];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const c = x0 * y1 - x1 * y0;
      a += c;
      cx += (x0 + x1) * c;
      cy += (y0 + y1) * c;
    }
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = [cx / (3 * a), cy / (3 * a)];
    }
  }
  return best;
}

function mapLegend(ctx: Ctx, note: string): string {
  const { L, P } = ctx;
  const bounds = [null, ...CLOSURE_BREAKS];
  const items = CLOSURE_COLOURS.map((colour, i) => {
    const lo = bounds[i];
    const hi = CLOSURE_BREAKS[i];
    const text = lo === null ? `< ${P(hi)}` : hi === undefined ? `≥ ${P(lo)}` : `${P(lo)} – ${P(hi)}`;
    return `<span class="key"><i style="background:${colour}"></i>${esc(text)}</span>`;
  });
  items.push(
    `<span class="key"><i style="background:${NO_RATE}"></i>${esc(`${L.none} ${L.charts.noRate}`)}</span>`,
  );
  return `<div class="legend"><b>${esc(L.charts.map)}</b> ${items.join(' ')}<br><span class="muted">${esc(note)}</span></div>`;
}

/** The three figures side by side: incidents by level, patrol coverage, and the map with its legend. */
function chartRow(
  ctx: Ctx,
  bars: readonly Bar[],
  map: { shapes: readonly Shape[]; outlines: readonly Areal[]; labels: readonly MapLabel[] },
  mapNote: string,
  mapWidth: number,
): string {
  const { L } = ctx;
  const fig = (title: string, body: string) =>
    `<figure><figcaption>${esc(title)}</figcaption>${body}</figure>`;
  return (
    `<div class="charts">` +
    fig(L.charts.levels, levelBarsSvg(ctx, bars, 320)) +
    fig(L.charts.coverage, coverageBarsSvg(ctx, bars, 330)) +
    fig(L.charts.map, mapSvg(ctx, map, mapWidth, 380) + mapLegend(ctx, mapNote)) +
    `</div>`
  );
}

// ── The page ─────────────────────────────────────────────────────────────────────────────────────────────────────

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
@page { size: A4 landscape; margin: 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 9pt; color: #1f2937;
  margin: 0 auto; max-width: 273mm; line-height: 1.35; }
h1 { font-size: 16pt; margin: 0 0 2mm; color: #0f2f5c; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #0f3d7a; color: #0f3d7a; }
h3 { font-size: 11pt; margin: 0 0 1.5mm; color: #0f2f5c; }
h3 small { font-size: 8.5pt; font-weight: normal; color: #475569; margin-left: 3mm; }
.meta { display: flex; flex-wrap: wrap; gap: 1mm 6mm; margin: 0 0 2mm; color: #334155; }
.meta b { font-weight: 600; color: #0f2f5c; margin-right: 1.5mm; }
.banner { border: 1pt solid #b45309; background: #fff7e0; color: #7c2d12; padding: 1.5mm 3mm; margin: 2mm 0; }
.banner b { margin-right: 2mm; }
table { border-collapse: collapse; width: 100%; font-size: 8pt; font-variant-numeric: tabular-nums; margin: 0 0 3mm; }
caption { text-align: left; font-weight: 600; font-size: 9pt; color: #0f2f5c; padding: 1mm 0; }
th, td { border: 0.5pt solid #cbd5e1; padding: 0.6mm 1.2mm; vertical-align: middle; }
th { background: #eef2f7; font-weight: 600; text-align: center; font-size: 7.5pt; }
tr.group th { text-align: left; background: #f8fafc; color: #475569; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table.categories { break-inside: avoid; page-break-inside: avoid; }
td.num { text-align: right; white-space: nowrap; }
td.mid { text-align: center; }
td.code { font-size: 7pt; color: #475569; white-space: nowrap; }
td.name { white-space: nowrap; }
td[data-k="validation"], td[data-k="staffing"] { white-space: nowrap; }
td.total { font-weight: 600; }
td.below { color: #b91c1c; font-weight: 600; background: #fdecea; }
td.below::after { content: " ▼"; font-size: 6.5pt; }
td.bad { color: #b91c1c; background: #fdecea; }
td.warn { color: #92400e; background: #fff7e0; }
section.community, section.notes { break-before: page; page-break-before: always; }
.charts { display: flex; gap: 5mm; align-items: flex-start; margin: 1mm 0 3mm; break-inside: avoid; page-break-inside: avoid; }
figure { margin: 0; flex: none; }
figcaption { font-weight: 600; font-size: 8.5pt; color: #0f2f5c; margin-bottom: 1mm; }
svg { display: block; }
svg .t { font-size: 10px; fill: ${TEXT.color}; }
svg .m { fill: ${TEXT.muted}; }
svg .lbl { font-size: 9px; font-weight: 700; fill: #111827; paint-order: stroke; stroke: #ffffff; stroke-width: 2.5px; }
.legend { font-size: 7.5pt; margin-top: 1mm; max-width: 90mm; }
.key { white-space: nowrap; margin-right: 2mm; }
.key i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: -0.4mm; border: 0.3pt solid #94a3b8; }
.muted { color: #64748b; }
ol.notes { padding-left: 6mm; margin: 0; }
ol.notes li { margin: 0 0 1.5mm; }
footer { margin-top: 4mm; color: #64748b; font-size: 7.5pt; }
`;

/**
 * The report as a complete HTML document (UTF-8, A4 landscape print CSS, strict CSP, no script, no outside request).
 * @example renderReportHtml({ lang: 'zh-CN', name: '智汇湾工业社区', stats, percent, ... }).startsWith('<!doctype html>')
 */
export function renderReportHtml(input: ReportInput): string {
  const L = LABELS[input.lang];
  const ctx: Ctx = { input, L, P: input.percent };
  const { stats } = input;
  const title = L.title(input.name, stats.month);
  const v = input.validation;
  const meta: [string, string][] = [
    [L.meta.month, stats.month],
    [L.meta.asOf, input.asOfText],
    [L.meta.generated, input.generatedText],
    [
      L.meta.covers,
      input.dataMonths ? L.meta.coversRange(input.dataMonths.first, input.dataMonths.last) : L.meta.noData,
    ],
    [
      L.meta.validation,
      v
        ? L.meta.validationText(v.errors, v.warnings, v.asOfText)
        : input.notValidated === 'unavailable'
          ? L.meta.validationUnavailable
          : L.meta.notValidated,
    ],
  ];
  const header = [
    `<h1>${esc(title)}</h1>`,
    `<div class="meta">${meta.map(([k, x]) => `<span><b>${esc(k)}</b>${esc(x)}</span>`).join('')}</div>`,
    input.synthetic
      ? `<p class="banner synthetic"><b>${esc(L.syntheticTitle)}</b>${esc(L.synthetic)}</p>`
      : '',
    input.monthHasData ? '' : `<p class="banner empty">${esc(L.monthEmpty(stats.month))}</p>`,
  ].join('\n');

  const several = stats.communities.length > 1;
  const summary = [`<section class="summary"><h2>${esc(L.sections.summary)}</h2>`, unitTables(ctx)];
  const gridByCode = new Map(stats.grids.map((g) => [g.code, g]));
  const body: string[] = [];
  if (several) {
    // The county view: communities as bars, every grid on the map with the communities' outlines and ranks.
    const ranked = rankUnits(stats.communities, unitKey);
    const rankOf = new Map(ranked.map(({ unit, rank }) => [unit.code, rank]));
    const bars = ranked.map(({ unit, rank }) => ({
      label: `${rank} ${unit.name}`,
      title: `${unit.code} ${unit.name}`,
      byLevel: unit.incidents.month.byLevel,
      total: unit.incidents.month.total,
      enterprise: unit.patrol.enterpriseCoverage,
      area: unit.patrol.areaCoverage,
    }));
    const gridShapes = stats.grids.flatMap((g) => {
      const geometry = input.shapes.grids.get(g.code);
      return geometry
        ? [
            {
              geometry,
              fill: closureFill(g.closureRate),
              title: `${g.name}（${g.code}）${L.cols.closureRate} ${ctx.P(g.closureRate)}`,
            },
          ]
        : [];
    });
    const labels = input.shapes.communities.flatMap((c) => {
      const rank = rankOf.get(c.code);
      return rank === undefined ? [] : [{ geometry: c.geometry, text: String(rank) }];
    });
    const outlines = input.shapes.communities.map((c) => c.geometry);
    summary.push(
      chartRow(ctx, bars, { shapes: gridShapes, outlines, labels }, L.charts.mapLabels.communities, 330),
    );
    const placed = new Set<string>();
    for (const [i, c] of stats.communities.entries()) {
      const grids = c.gridCodes.map((code) => gridByCode.get(code)).filter((g): g is Grid => !!g);
      grids.forEach((g) => placed.add(g.code));
      body.push(
        `<section class="community" data-community="${esc(c.code)}">`,
        i === 0 ? `<h2>${esc(L.sections.communities)}</h2>` : '',
        `<h3>${esc(c.name)}<small>${esc(c.code)} · ${esc(L.communityLine(c.grids, c.enterprises.total))} · ${esc(L.communityRank(rankOf.get(c.code)!, ranked.length))}</small></h3>`,
        gridBlock(ctx, grids),
        `</section>`,
      );
    }
    const rest = stats.grids.filter((g) => !placed.has(g.code));
    if (rest.length) {
      body.push(
        `<section class="community" data-community="">`,
        `<h3>${esc(L.sections.unassigned)}</h3>`,
        gridBlock(ctx, rest),
        `</section>`,
      );
    }
  } else {
    body.push(
      `<section class="grids"><h2>${esc(L.sections.grids)}</h2>`,
      gridBlock(ctx, stats.grids),
      `</section>`,
    );
  }
  summary.push('</section>');

  const notes = L.notes({ radius: stats.totals.patrol.radiusM, target: ctx.P(PATROL_COVERAGE_TARGET) });
  const foot = `<section class="notes"><h2>${esc(L.sections.notes)}</h2><ol class="notes">${notes
    .map((n) => `<li>${esc(n)}</li>`)
    .join('')}</ol><footer>GridSight · ${esc(input.generatedText)}</footer></section>`;

  return [
    '<!doctype html>',
    `<html lang="${input.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    // A constant with no '"' in it: written as it is, so the policy reads the same in the file as in the browser.
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    header,
    '</header>',
    ...summary,
    ...body,
    foot,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
