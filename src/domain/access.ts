/**
 * Who may do what when GridSight runs with its server (docs/server-api.md): the accounts' roles and, per role, the
 * actions it may take. The server decides and refuses on its own; the app reads this table only to leave out what a
 * role cannot use (a nav entry, the approve button), so the two must say the same thing.
 */

/** The roles an account can have. `grid-worker` is bound to its account's grid codes. */
export const ACCOUNT_ROLES = [
  'admin',
  'leader',
  'analyst',
  'planner',
  'reviewer',
  'grid-worker',
  'wall',
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/**
 * What a role may do.
 * - `view.overview`, `view.analyze`, `view.wall`: open that screen (every role reads the data; the wall account
 *   only shows the wall).
 * - `plan.view`: open the planner and read the proposals; `plan.submit`: submit one; `plan.review`: approve or
 *   reject one (never one's own; the server checks that).
 * - `members.names`: members.json comes with names (and masked phones); `members.phones`: with whole phones.
 * - `incidents.read`: an incident's history; `incidents.write`, `patrols.write`: report and act on them (a grid
 *   worker on their own grids only).
 * - `data.import`: apply an import (the enterprises the import dialog merged) to the server's data as a new version.
 * - `admin`: accounts and the audit log.
 */
export const ACTIONS = [
  'view.overview',
  'view.analyze',
  'view.wall',
  'plan.view',
  'plan.submit',
  'plan.review',
  'members.names',
  'members.phones',
  'incidents.read',
  'incidents.write',
  'patrols.write',
  'data.import',
  'admin',
] as const;
export type Action = (typeof ACTIONS)[number];

const SCREENS: Action[] = ['view.overview', 'view.analyze', 'view.wall'];

/** The actions of each role (the API tables of docs/server-api.md). */
export const ROLE_ACTIONS: Readonly<Record<AccountRole, readonly Action[]>> = {
  admin: [
    ...SCREENS,
    'plan.view',
    'members.names',
    'members.phones',
    'incidents.read',
    'incidents.write',
    'patrols.write',
    'data.import',
    'admin',
  ],
  leader: SCREENS,
  analyst: [...SCREENS, 'members.names', 'incidents.read'],
  planner: [...SCREENS, 'plan.view', 'plan.submit', 'members.names'],
  reviewer: [...SCREENS, 'plan.view', 'plan.review', 'members.names'],
  'grid-worker': [...SCREENS, 'members.names', 'incidents.read', 'incidents.write', 'patrols.write'],
  wall: ['view.wall'],
};

/** Whether `role` is one of ACCOUNT_ROLES (a value read from the server). */
export function isAccountRole(role: unknown): role is AccountRole {
  return typeof role === 'string' && (ACCOUNT_ROLES as readonly string[]).includes(role);
}

/**
 * @example roleCan('planner', 'plan.submit') // true
 * @example roleCan('leader', 'members.names') // false
 */
export function roleCan(role: AccountRole, action: Action): boolean {
  return ROLE_ACTIONS[role]?.includes(action) ?? false;
}
