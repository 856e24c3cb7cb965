/**
 * Who may do what on the server: each permission a route checks, named as the action of the one role table
 * (domain/access ROLE_ACTIONS) that the app also reads to leave out what a role cannot use. Grid workers hold
 * their permissions for their own grids only (checked where the grid is known: `inOwnGrids`).
 */
import { roleCan, type AccountRole, type Action } from '../domain/access';

/** A route's permission → the action of domain/access it needs (null: every account). */
export const PERMISSIONS = {
  /** The data contract (members.json by role), versions, the change stream, stats. */
  'data.read': null,
  /** Members' names (with masked phones), and incident titles as written (leader and wall get them scrubbed). */
  'members.names': 'members.names',
  /** Members' phone numbers as stored. */
  'members.phones': 'members.phones',
  /** One incident with its history of steps (who did what). */
  'incidents.read': 'incidents.read',
  'incidents.write': 'incidents.write',
  'patrols.write': 'patrols.write',
  'proposals.read': 'plan.view',
  'proposals.submit': 'plan.submit',
  'proposals.decide': 'plan.review',
  /** A new dataset version from an import (enterprises only; boundaries change through proposals). */
  'data.import': 'data.import',
  'users.manage': 'admin',
  'audit.read': 'admin',
} as const satisfies Record<string, Action | null>;

export type Permission = keyof typeof PERMISSIONS;

/** @example can('reviewer', 'proposals.decide') === true */
export function can(role: AccountRole, permission: Permission): boolean {
  const action = PERMISSIONS[permission];
  return action === null || roleCan(role, action);
}

/** Whether a grid-bound account may act on `gridCode`; every other role is not bound to grids. */
export function inOwnGrids(user: { role: AccountRole; gridCodes: readonly string[] }, gridCode: string): boolean {
  return user.role !== 'grid-worker' || user.gridCodes.includes(gridCode);
}
