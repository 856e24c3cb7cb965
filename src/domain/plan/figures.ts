/**
 * The per-grid figures the standard cares about (issue 11's before → after table and changes.json): enterprises
 * (30–50, ENTERPRISES_PER_GRID), of them above-size, micro-grids and parks, area, and the four grid roles.
 * One function for the CLI, the app's panels and the proposal, so the numbers agree everywhere.
 */
import { GRID_STAFF_ROLES, type EnterpriseScale, type MemberRole } from '../types';
import type { GridFigures } from './types';

export interface GridFiguresInput {
  /** Enterprises whose point lies in the grid (geo/assign), by scale. */
  enterprises: Iterable<{ scale: EnterpriseScale }>;
  /** The grid's micro-grids in force. */
  microGrids: Iterable<{ kind?: string }>;
  /** Members naming the grid. */
  members: Iterable<{ role: MemberRole }>;
  /** Square metres (geo/plan/area). */
  area: number;
}

/**
 * @example gridFigures({ enterprises: [{ scale: 'above' }], microGrids: [{}], members: [], area: 12000 }).above === 1
 */
export function gridFigures(input: GridFiguresInput): GridFigures {
  let enterprises = 0;
  let above = 0;
  for (const e of input.enterprises) {
    enterprises++;
    if (e.scale === 'above') above++;
  }
  let microGrids = 0;
  let parks = 0;
  for (const m of input.microGrids) {
    microGrids++;
    if (m.kind === 'park') parks++;
  }
  const staff = Object.fromEntries(GRID_STAFF_ROLES.map((r) => [r, 0])) as GridFigures['staff'];
  for (const m of input.members) if (m.role in staff) staff[m.role as keyof GridFigures['staff']]++;
  // Whole square metres: a figure for people, and stable across runs whatever the floating-point path.
  return { enterprises, above, microGrids, parks, area: Math.round(input.area), staff };
}
