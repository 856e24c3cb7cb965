/**
 * Why the planner refused an operation, as stable slugs (`PlanError.reason`): the app shows
 * `plan.refusal.<reason>` in the UI language with the error's `values`, the CLI prints the English `message`.
 * Each reason names one kind of refusal; its sites all fill the same `values` (listed here), so one text fits them all.
 */
export const PLAN_REFUSALS = [
  /** A malformed operation or call (ops.json, a bad point, a missing code…): { detail } = the English message. */
  'bad-op',
  /** A state the engine should never reach (an undo patch or code allocation gone wrong): { detail }. */
  'internal',
  /** The effective date is not YYYY-MM-DD: { value }. */
  'bad-date',
  /** The dataset lacks community.geojson or grids.geojson. */
  'dataset-incomplete',
  /** Two units in force share a code: { code }. */
  'duplicate-code',
  /** A unit of the dataset has no usable geometry: { code }. */
  'bad-geometry',
  /** No such grid, micro-grid or member in the draft: { code }. */
  'unit-unknown',
  /** The unit is retired and cannot change: { code, validTo }. */
  'unit-retired',
  /** A unit lies in no parent unit (a grid in no community, a micro-grid in none of the new grids): { code }. */
  'no-parent',
  /** A unit would be retired before it came into force: { code, validFrom, effective }. */
  'retire-before-start',
  /** The same unit is named twice (revoked into itself, merged with itself): { code }. */
  'same-unit',
  /** Units of different parents or layers cannot merge: { code, other }. */
  'different-parents',
  /** A micro-grid is not under the grid named with it: { code, grid }. */
  'micro-not-in-grid',
  /** The operation would change nothing (already a park, role already held): { code }. */
  'no-change',
  /** Every serial under a parent is taken: { parent, max }. */
  'codes-exhausted',
  /** The new code is already a unit's: { code }. */
  'code-taken',
  /** Communities are fixed: { code }. */
  'community-fixed',
  /** The vertex is on a community's boundary, which is fixed: { code }. */
  'community-vertex',
  /** No vertex where the operation points (or the vertex is used by no unit). */
  'vertex-not-found',
  /** A vertex is already there (inserting one). */
  'vertex-exists',
  /** No edge near the point (inserting a vertex): { tol } metres. */
  'edge-not-found',
  /** The vertex joins borders of several units and cannot be deleted: { units }. */
  'vertex-junction',
  /** Two vertices would meet (an edge shorter than { tol } metres). */
  'vertices-meet',
  /** A border would cross or fold onto an edge of { other }. */
  'edges-cross',
  /** A border would come within { tol } metres of an edge of { other }. */
  'edges-too-close',
  /** A unit would touch or overlap itself: { code }. */
  'self-touch',
  /** A unit would turn inside out or collapse (fewer than 3 vertices, no area, a hole leaving its shell): { code }. */
  'collapse',
  /** Two units would overlap: { code, other }. */
  'overlap',
  /** A micro-grid would reach outside its grid: { code, other }. */
  'outside-parent',
  /** The units to merge share no border: { codes, other }. */
  'not-adjacent',
  /** The new outline would not close or would have a degenerate part (merge or split). */
  'outline-broken',
  /** The split line does not cross the unit: { code }. */
  'line-misses-unit',
  /** The split line ends inside the unit instead of on its border: { code }. */
  'line-ends-inside',
  /** The split line does not cut the unit into pieces: { code }. */
  'line-no-cut',
  /** The drawn micro-grid cannot be clipped to its grid: { parent }. */
  'shape-unclippable',
  /** Nothing of the drawn micro-grid is left inside its grid once the other micro-grids are taken out: { parent }. */
  'shape-empty',
] as const;

/** One of PLAN_REFUSALS. */
export type PlanRefusalReason = (typeof PLAN_REFUSALS)[number];

/** The values a refusal's text is filled with (codes, dates, metres). */
export type PlanRefusalValues = Record<string, string | number>;

/** A refusal's reason and values, as `PlanError` carries them and the plan worker sends them to the page. */
export interface PlanRefusalCause {
  reason: PlanRefusalReason;
  values?: PlanRefusalValues;
}
