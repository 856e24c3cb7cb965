/**
 * The planner's contract (issue 11): operation records, the change log, the diff (`changes.json`) and the per-grid
 * figures. The app's drafts and proposals, the CLI's `plan apply` and (later) the server all speak these records,
 * so keep the names stable; the README documents them.
 */
import type { Finding } from '../findings';
import type { Areal, MemberRole } from '../types';
import type { PlanRefusalCause, PlanRefusalReason, PlanRefusalValues } from './refusals';

/** WGS84 [lon, lat]. */
export type LonLat = [number, number];

/**
 * One planner operation, as JSON. Vertices are named by position: the vertex within 1 cm (TOPOLOGY_SNAP_M) of the
 * point given, shared by every unit that uses it. New codes are never given: the core allocates them
 * (domain/plan/codes), deterministically, so replaying the same records on the same dataset gives the same codes.
 */
export type PlanOp =
  /** Moves one vertex, for every unit that shares it. */
  | { op: 'move-vertex'; from: LonLat; to: LonLat }
  /** Moves several vertices at once (a whole shared border segment dragged): one undo step. */
  | { op: 'move-vertices'; moves: { from: LonLat; to: LonLat }[] }
  /** Inserts a vertex where `at` lies on an edge (within 1 cm): into every unit that shares that edge. */
  | { op: 'insert-vertex'; at: LonLat }
  /** Deletes a vertex from every unit that uses it (refused at a junction of three or more units). */
  | { op: 'delete-vertex'; at: LonLat }
  /** Splits a grid by a line drawn across it; micro-grids the line cuts are split too. */
  | { op: 'split'; grid: string; line: LonLat[] }
  /** Merges two or more adjacent grids into one new code. */
  | { op: 'merge'; grids: string[] }
  /** Revokes a grid: its area goes to the adjacent grid `into`, which keeps its code. */
  | { op: 'revoke'; grid: string; into: string }
  /** Draws a micro-grid inside a grid: clipped to the grid, never over other micro-grids. */
  | { op: 'add-microgrid'; grid: string; polygon: LonLat[]; kind?: 'park' }
  | { op: 'delete-microgrid'; code: string }
  | { op: 'split-microgrid'; code: string; line: LonLat[] }
  | { op: 'merge-microgrids'; codes: string[] }
  /** Marks a micro-grid as a 小微园区 (park) or clears the mark (null). */
  | { op: 'set-microgrid-kind'; code: string; kind: 'park' | null }
  /** Roster: gives an existing member a role in a grid (and, for micro-leader, a micro-grid). */
  | { op: 'assign-member'; memberId: string; gridCode: string; role: MemberRole; microGridCode?: string }
  /**
   * Replaces every grid (`layer: 'grid'`) or every micro-grid (`'micro'`) in force by the boundaries of an imported
   * file (issue 15), in one step. A unit whose code is in force keeps its code (reshaped when its shape differs); a
   * unit in force that the file lacks is retired; any other unit is new, under the code the file gives when that is a
   * well-formed code never used in the dataset, else under a code the core allocates (`effect.renumbered`).
   * Micro-grids follow the new grids as in a merge. `source` names the file, for the change log.
   */
  | { op: 'import-boundaries'; layer: 'grid' | 'micro'; units: BoundaryUnit[]; source?: string };

/** One boundary of an imported file: its code and name as the file gives them, and its geometry (WGS84). */
export interface BoundaryUnit {
  code: string;
  name?: string;
  /** Micro-grids only: 'park' for a 小微园区, or the size of its enterprises (as microgrids.geojson). */
  kind?: 'park' | 'above' | 'below';
  geometry: Areal;
}

export type PlanOpName = PlanOp['op'];

/** What an operation did to the units, by code (grids and micro-grids). */
export interface OpEffect {
  added: string[];
  retired: string[];
  reshaped: string[];
  /** Micro-grids a split line cut: the planner should check them. */
  cut?: string[];
  /**
   * import-boundaries: units the file gave a code that could not be kept (used before, malformed, under another
   * parent) and the code each got instead.
   */
  renumbered?: { given: string; code: string }[];
  /** import-boundaries: units kept whose name (or micro-grid kind) the file changed. */
  renamed?: string[];
}

/** One entry of a draft's change log: the operation, who, when, why, and what it did. */
export interface ChangeLogEntry {
  op: PlanOp;
  /** Who made the change (a name typed by the planner until the server has accounts). */
  who: string;
  /** ISO 8601 with offset. */
  at: string;
  reason?: string;
  effect: OpEffect;
}

/** The figures the standard cares about for one grid. */
export interface GridFigures {
  enterprises: number;
  /** Above-size enterprises (规上). */
  above: number;
  microGrids: number;
  parks: number;
  /** Square metres. */
  area: number;
  /** Members in each of the four grid roles (grid-leader, full-time, part-time, instructor). */
  staff: Record<'grid-leader' | 'full-time' | 'part-time' | 'instructor', number>;
}

export interface EnterpriseMove {
  enterpriseId: string;
  /** Grid code before / after (null: in no grid). */
  from: string | null;
  to: string | null;
}

/**
 * `changes.json` (issue 11): codes of grids and micro-grids added, retired and reshaped; enterprises whose grid
 * changed; per grid touched, its figures before and after (null where the grid does not exist on that side).
 */
export interface Changes {
  added: string[];
  retired: string[];
  reshaped: string[];
  moves: EnterpriseMove[];
  grids: { code: string; before: GridFigures | null; after: GridFigures | null }[];
}

/**
 * Why an operation cannot apply (a split line that does not cross the grid…): nothing was changed. `message` is
 * English (the CLI prints it); `reason` and `values` let the app say it in the UI language (`plan.refusal.<reason>`).
 */
export class PlanError extends Error {
  /** The kind of refusal (domain/plan/refusals), when the thrower gave one. */
  readonly reason?: PlanRefusalReason;
  /** What the refusal's text names (codes, dates, metres). */
  readonly values: PlanRefusalValues;

  constructor(
    message: string,
    /** Where, when there is a place to show (a vertex, a crossing). */
    readonly at?: LonLat,
    cause?: PlanRefusalCause,
  ) {
    super(message);
    this.name = 'PlanError';
    this.reason = cause?.reason;
    // A malformed call's text quotes the English detail (no UI builds such calls; the detail is for whoever debugs).
    this.values = cause?.reason === 'bad-op' || cause?.reason === 'internal' ? { detail: message, ...cause.values } : { ...cause?.values };
  }
}

/** The live result after every operation, for the panels. */
export interface PlanStatus {
  findings: Finding[];
  errors: number;
  warnings: number;
  changes: Changes;
}
