/**
 * Drafts: a planner's unfinished work, saved after every operation so a reload, a closed tab or a killed browser
 * loses nothing. A draft is its change log and cursor (replayed on load, as the CLI replays ops.json), not a copy
 * of the dataset: small, and it says which dataset version it started from.
 */
import type { ChangeLogEntry } from '../../domain/plan/types';
import { parseTime } from '../../domain/time';
import { DatasetError } from '../errors';
import { openPlanDB, plain } from './plan-db';

export interface Draft {
  id: string;
  name: string;
  /** The app's key (or URL) of the dataset the draft edits. */
  dataset: string;
  /** datasetFingerprint of that dataset when the draft started: a different one now means it has changed since. */
  baseFingerprint: string;
  /** ISO 8601 with offset. */
  createdAt: string;
  updatedAt: string;
  /** YYYY-MM-DD: the effective date the planner proposes. */
  effective: string;
  log: ChangeLogEntry[];
  /** How many entries of `log` are applied; those after it are the redo stack. */
  cursor: number;
  /**
   * How many times the draft was written (absent: never written, or written before revisions were kept, read as 0).
   * A tab writes over the revision it read and no other, so two tabs on one draft never silently lose each other's work.
   */
  revision?: number;
}

/** A conditional write found another revision of the draft than the one it was made from (another tab wrote it). */
export class DraftConflictError extends Error {
  constructor(
    readonly id: string,
    /** The revision stored now; null when the draft is no longer there (deleted elsewhere). */
    readonly stored: number | null,
    readonly expected: number | null,
  ) {
    super(`draft ${id} was changed elsewhere: stored revision ${stored ?? '(deleted)'}, this copy was made from ${expected ?? '(new)'}`);
    this.name = 'DraftConflictError';
  }
}

/** The revision of a stored draft (0 for one written before revisions were kept). */
export function revisionOf(d: Draft): number {
  return d.revision ?? 0;
}

/** Where drafts are kept: IndexedDB in the browser (idbDraftStore); the server may offer its own later. */
export interface DraftStore {
  /** Every draft, most recently updated first. */
  list(): Promise<Draft[]>;
  get(id: string): Promise<Draft | undefined>;
  /**
   * Creates or replaces the draft with this id. With `expect`, only if the stored draft is at that revision (null:
   * only if there is none), in one transaction; else it throws a DraftConflictError and writes nothing.
   */
  put(draft: Draft, options?: { expect: number | null }): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Refuses a draft that could not be replayed later, naming the field. */
function checkDraft(d: Draft): void {
  const bad = (field: string, detail: string) => new DatasetError('draft', detail, `"${field}"`);
  for (const f of ['id', 'name', 'dataset', 'baseFingerprint', 'createdAt', 'updatedAt', 'effective'] as const) {
    if (typeof d[f] !== 'string') throw bad(f, 'must be a string');
  }
  if (!d.id) throw bad('id', 'must not be empty');
  if (d.revision !== undefined && (!Number.isInteger(d.revision) || d.revision < 0)) throw bad('revision', `must be a whole number ≥ 0, got ${String(d.revision)}`);
  if (!Array.isArray(d.log)) throw bad('log', 'must be an array of change-log entries');
  if (!Number.isInteger(d.cursor) || d.cursor < 0 || d.cursor > d.log.length) {
    throw bad('cursor', `must be an integer from 0 to the log's length (${d.log.length}), got ${String(d.cursor)}`);
  }
}

/**
 * Drafts in the browser's IndexedDB (database "gridsight-plan", store "drafts").
 * @example const drafts = idbDraftStore(); await drafts.put(draft); (await drafts.list())[0].name
 */
export function idbDraftStore(options: { dbName?: string } = {}): DraftStore {
  const db = openPlanDB(options.dbName);
  return {
    async list() {
      const all = await (await db).getAll('drafts');
      // By the moment, not the text: two offsets (+08:00, Z) must still sort right.
      const t = (d: Draft) => parseTime(d.updatedAt) || 0;
      return all.sort((a, b) => t(b) - t(a) || a.id.localeCompare(b.id));
    },
    async get(id) {
      return (await db).get('drafts', id);
    },
    async put(draft, options) {
      checkDraft(draft);
      const value = plain(draft);
      if (!options) {
        await (await db).put('drafts', value);
        return;
      }
      const tx = (await db).transaction('drafts', 'readwrite');
      const stored = await tx.store.get(draft.id);
      const now = stored ? revisionOf(stored) : null;
      if (now !== options.expect) {
        tx.abort();
        await tx.done.catch(() => undefined);
        throw new DraftConflictError(draft.id, now, options.expect);
      }
      await tx.store.put(value);
      await tx.done;
    },
    async delete(id) {
      await (await db).delete('drafts', id);
    },
  };
}
