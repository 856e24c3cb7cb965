/**
 * Who may do what: every permission the server checks, and the roles that hold it. One table, so the access-matrix
 * test, the routes and the README read the same rules. Grid workers hold their permissions for their own grids only
 * (checked where the grid is known: `inOwnGrids`).
 */
import type { Role } from './migrations';

export const PERMISSIONS = {
  /** The data contract (members.json filtered by role), versions, the change stream, stats. */
  'data.read': ['admin', 'leader', 'analyst', 'planner', 'reviewer', 'grid-worker', 'wall'],
  /** Members' names (with masked phones). */
  'members.names': ['admin', 'analyst', 'planner', 'reviewer', 'grid-worker'],
  /** Members' phone numbers as stored. */
  'members.phones': ['admin'],
  /** Incident titles unscrubbed (leader and wall get them with names and numbers blanked). */
  'incidents.titles': ['admin', 'analyst', 'planner', 'reviewer', 'grid-worker'],
  /** One incident with its history of steps (who did what). */
  'incidents.read': ['admin', 'analyst', 'grid-worker'],
  'incidents.write': ['admin', 'grid-worker'],
  'patrols.write': ['admin', 'grid-worker'],
  'proposals.read': ['admin', 'planner', 'reviewer'],
  'proposals.submit': ['planner'],
  'proposals.decide': ['reviewer'],
  'users.manage': ['admin'],
  'audit.read': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** @example can('reviewer', 'proposals.decide') === true */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Whether a grid-bound account may act on `gridCode`; every other role is not bound to grids. */
export function inOwnGrids(user: { role: Role; gridCodes: readonly string[] }, gridCode: string): boolean {
  return user.role !== 'grid-worker' || user.gridCodes.includes(gridCode);
}
