/**
 * The planner's IndexedDB database (idb): drafts and the local proposal store live side by side, one version
 * number for both, so a later store is added in one upgrade.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Draft } from './draft-store';
import type { StoredProposal } from './proposal-store';

export const PLAN_DB_NAME = 'gridsight-plan';
const VERSION = 1;

export interface PlanDB extends DBSchema {
  drafts: { key: string; value: Draft };
  proposals: { key: string; value: StoredProposal };
}

/**
 * Opens (creating or upgrading) the planner's database. `name` is for tests, which want one database each.
 * @example const db = await openPlanDB()
 */
export function openPlanDB(name = PLAN_DB_NAME): Promise<IDBPDatabase<PlanDB>> {
  return openDB<PlanDB>(name, VERSION, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('drafts')) db.createObjectStore('drafts', { keyPath: 'id' });
      if (!db.objectStoreNames.contains('proposals')) db.createObjectStore('proposals', { keyPath: 'id' });
    },
  });
}

/** A plain copy of a value to store: reactive proxies (Vue) cannot be structured-cloned, their JSON can. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
