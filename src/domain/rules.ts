/**
 * The standard's rules and the practice defaults, one constant each (DOMAIN.md). Every screen, chart, map layer,
 * i18n message, CLI help text and check cites these names; nothing else writes the numbers. "(standard)" is the
 * Haiyan draft DB330424/T-2023 《工业社区网格化服务管理规范》 on GB/T 34300-2017; "(practice)" is a default from
 * comparable standards and Zhejiang practice that configuration may change (options of the functions that use it).
 *
 * Rules kept beside the code they shape, not here: the code formats (12/15/18 digits) in codes.ts, the 统一社会信用代码
 * check character (GB 32100-2015) in uscc.ts, China Standard Time (UTC+8) months in time.ts, the four grid roles
 * (GRID_STAFF_ROLES) and the data contract's enumerations in types.ts.
 */
import type { IncidentLevel } from './types';
import type { Rate } from './rate';

// ── Grids and micro-grids ────────────────────────────────────────────────────────────────────────────────────────

/** Enterprises a grid should hold (standard 网格划分, 宜 so a warning: 宜按照30家~50家企业数为单位进行划分). */
export const ENTERPRISES_PER_GRID = Object.freeze({ min: 30, max: 50 });

/**
 * Below-size (规下) enterprises that share one micro-grid (standard 网格划分, 宜: 每2家~5家规下企业宜设置一个微网格;
 * 小微园区 are exempt: 宜按需设置).
 */
export const BELOW_SIZE_PER_MICRO_GRID = Object.freeze({ min: 2, max: 5 });

/** Above-size (规上) enterprises per micro-grid: one, alone (standard 网格划分, 宜: 每家规上企业宜设置一个微网格). */
export const ABOVE_SIZE_PER_MICRO_GRID = 1;

// ── People ───────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Members of each of the four grid roles (GRID_STAFF_ROLES) per grid (standard 组织架构, 应: 网格长、专职网格员、
 * 兼职网格员、网格指导员应各设置1名; other members any number).
 */
export const GRID_STAFF_PER_ROLE = 1;

/** 微网格长 per micro-grid (standard 组织架构, 应: 每个微网格应设2名微网格长). */
export const MICRO_GRID_LEADERS = 2;

// ── Boundaries (coverage validation) ─────────────────────────────────────────────────────────────────────────────

/**
 * Overlaps, gaps and spill-overs narrower than this many metres (diameter of the largest inscribed circle) are not
 * findings (practice: the standard says only 全面覆盖、不交叉重叠; half a metre is below what a boundary survey or a
 * digitised road edge can tell apart). The CLI's `--tolerance` default and the app's.
 */
export const COVERAGE_TOLERANCE_M = 0.5;

/**
 * Vertices closer than this many metres are one point, and a shared border that differs by less is matched
 * (practice: 1 cm, the coordinate precision of surveyed boundary files; beyond it an unmatched border is reported).
 */
export const COVERAGE_SNAP_M = 0.01;

/**
 * The planner's topology (issue 11): vertices closer than this many metres are one vertex, and a vertex this close to
 * another unit's edge is inserted into that edge (practice: 1 cm, as COVERAGE_SNAP_M).
 */
export const TOPOLOGY_SNAP_M = 0.01;

// ── Events (网格事件) ───────────────────────────────────────────────────────────────────────────────────────────────

/** Hours within which an event is signed for (签收) (practice: 24 h). */
export const SIGN_FOR_HOURS = 24;

/**
 * Working days to close an event, by level (practice): level 1 the same day (0: by 24:00 of the report day),
 * level 2 three, level 3 seven, level 4 fifteen.
 */
export const EVENT_LIMIT_WORKING_DAYS: Readonly<Record<IncidentLevel, number>> = Object.freeze({ 1: 0, 2: 3, 3: 7, 4: 15 });

/** 临期 near-due: an open event with this share of its limit or less left (practice: 20 %). */
export const NEAR_DUE_SHARE = 0.2;

/** On-time closure (按期办结率) under this is shown amber on the wall (ours: no source names a figure). */
export const ON_TIME_TARGET = 0.9;

/**
 * Closure-rate classes of the monthly report's maps, by lower bound (ours: 60 % the pass mark of common assessment
 * schemes; 95 % and over, the top class, matches the patrol target's full marks).
 */
export const CLOSURE_RATE_CLASSES: readonly number[] = Object.freeze([0.6, 0.8, 0.9, 0.95]);

// ── Patrols ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** An enterprise is visited in a month when a patrol track of that month passes within this many metres (practice). */
export const PATROL_RADIUS_M = 50;

/** Patrol coverage at or above this is full marks (practice: 95 % in common assessment schemes). */
export const PATROL_COVERAGE_TARGET = 0.95;

/**
 * A measured patrol coverage under the target (null, nothing to count, is not under it).
 * @example underPatrolTarget(0.94) === true; underPatrolTarget(0.95) === false; underPatrolTarget(null) === false
 */
export function underPatrolTarget(rate: Rate | undefined): boolean {
  return rate !== null && rate !== undefined && rate < PATROL_COVERAGE_TARGET;
}
