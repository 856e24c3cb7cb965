/**
 * An import applied to the server's data (POST /api/data/import), from the app's import dialog, checked by the
 * loader's own contract checks, in one transaction with its audit row:
 * - `enterprises.geojson`, the file the dialog merged by id, becomes the next dataset version (the other files as
 *   they were);
 * - `incidents.geojson` is merged by id into the incidents table, which every version shares (no new version): new
 *   ids added, changed ones replaced, each with a step `import` in its history; the others stay as they are.
 * Boundaries never come this way: they change through the planner's proposals (proposals.ts), which keep their
 * history and their review.
 */
import type { Feature } from 'geojson';
import type { DatasetFile } from '../domain/types';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { featureKey } from '../io/import/same-feature';
import { datasetFingerprint } from '../io/plan/fingerprint';
import { audit } from './audit';
import type { User } from './auth';
import type { Db, Queryable } from './db';
import {
  bumpRevision,
  headVersion,
  insertVersion,
  versionFiles,
  VERSION_FILES,
  type VersionRow,
} from './datasets';
import { ApiError } from './proposals';

/** The files an import may bring: the ones the dialog applies to the server. */
export const IMPORTABLE_FILES: readonly DatasetFile[] = ['enterprises.geojson', 'incidents.geojson'];

export interface ImportBody {
  /** The contract file's name: only IMPORTABLE_FILES. */
  file: string;
  /** Its whole text (UTF-8 JSON). */
  text: string;
  /** The version the import was previewed on (the one the app loaded): must still be the head. */
  baseVersion: number;
}

export interface ImportResult {
  /** Enterprises: the new version. Incidents: the head they were merged on (incidents belong to no version). */
  version: number;
  /** Features by id against the server's: new, changed, the same, and no longer in the file (incidents: always 0). */
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Incidents: the revision of incidents.geojson after the import (its ETag), when the import changed it. */
  revision?: number;
}

type Counts = Omit<ImportResult, 'version' | 'revision'>;
export type FeatureChange = 'added' | 'updated' | 'unchanged';

const idOf = (f: Feature) => String(f.properties?.id ?? '');

/**
 * What an import does to each feature of `next`, by id against `before` (the rule of io/import/same-feature), and
 * how many of `before` are not in `next`. Throws a DatasetError naming `file` for an id that repeats in `next` (a
 * merge by id would not know which one is meant).
 * @example featureChanges([a, b], [a, b2, c]).changes // ['unchanged', 'updated', 'added']
 */
export function featureChanges(
  before: readonly Feature[],
  next: readonly Feature[],
  file = 'enterprises.geojson',
): { changes: FeatureChange[]; removed: number } {
  const old = new Map(before.map((f) => [idOf(f), featureKey(f)]));
  const seen = new Map<string, number>();
  const changes = next.map((f, i): FeatureChange => {
    const id = idOf(f);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new DatasetError(
        file,
        `the id repeats feature ${first}'s: ids must be unique`,
        `feature ${i} (id ${JSON.stringify(id)})`,
      );
    }
    seen.set(id, i);
    const was = old.get(id);
    return was === undefined ? 'added' : was === featureKey(f) ? 'unchanged' : 'updated';
  });
  const removed = [...old.keys()].filter((id) => !seen.has(id)).length;
  return { changes, removed };
}

/**
 * Counts by id of `next` against `before` (featureChanges).
 * @example importCounts([a, b], [a, b2, c]) // { added: 1, updated: 1, unchanged: 1, removed: 0 }
 */
export function importCounts(before: readonly Feature[], next: readonly Feature[], file?: string): Counts {
  const { changes, removed } = featureChanges(before, next, file);
  return countChanges(changes, removed);
}

/** The counts of featureChanges' answer. */
function countChanges(changes: readonly FeatureChange[], removed: number): Counts {
  const count = (c: FeatureChange) => changes.filter((x) => x === c).length;
  return { added: count('added'), updated: count('updated'), unchanged: count('unchanged'), removed };
}

/** Refusals of a file the server does not take this way, with what to do instead. */
function fileProblem(file: string): string | null {
  if (IMPORTABLE_FILES.includes(file as DatasetFile)) return null;
  if (file === 'incidents.csv' || file === 'incidents.bin') {
    return `${file} cannot be applied: the server keeps incidents as GeoJSON features in one table shared by every version (db import converts incidents.csv and incidents.bin); send incidents.geojson`;
  }
  return `only enterprises.geojson and incidents.geojson can be applied; boundaries change through the planner's proposals (got ${JSON.stringify(file.slice(0, 80))})`;
}

/** The loader's DatasetError as a 400 with its line (file, feature, property); anything else as it is. */
function asBadRequest(e: unknown): unknown {
  return e instanceof DatasetError ? new ApiError(400, e.message) : e;
}

/**
 * Checks `body` and applies it: enterprises as the next version (the head's files with enterprises.geojson
 * replaced), incidents merged by id into their table. Refuses (400) another file and a text the loader refuses,
 * naming the file, the feature and the property; (409) a base that is no longer the head. Nothing is written unless
 * all of it is.
 */
export async function applyImport(db: Db, body: ImportBody, user: User): Promise<ImportResult> {
  const problem = fileProblem(body.file);
  if (problem) throw new ApiError(400, problem);
  return db.tx(async (q) => {
    // One writer of versions at a time, as approvals: the head read below stays the head until this commits.
    await q.query('LOCK TABLE dataset_versions IN SHARE ROW EXCLUSIVE MODE');
    const head = await headVersion(q);
    if (!head) throw new ApiError(409, 'the database holds no dataset version');
    if (head.id !== body.baseVersion) {
      throw new ApiError(
        409,
        `the data changed meanwhile: version ${head.id} is current, the import was previewed on version ${body.baseVersion}; preview it again`,
      );
    }
    return body.file === 'incidents.geojson'
      ? mergeIncidents(q, head, body.text, user)
      : replaceEnterprises(q, head, body.text, user);
  });
}

/** enterprises.geojson as the next version (inside applyImport's transaction). */
async function replaceEnterprises(
  q: Queryable,
  head: VersionRow,
  text: string,
  user: User,
): Promise<ImportResult> {
  const file: DatasetFile = 'enterprises.geojson';
  const headFiles = await versionFiles(q, head.id);
  const files = new Map<string, string>();
  for (const [name, f] of headFiles) files.set(name, f.body);
  const before = files.get(file);
  files.set(file, text);
  const source = {
    location: `the import of ${file}`,
    manifest: async () => ({ name: head.name, files: VERSION_FILES.filter((f) => files.has(f)) }),
    read: async (f: string) => files.get(f) ?? '',
  };
  let dataset;
  let counts;
  try {
    // The base map is neither changed nor part of the fingerprint: not read again.
    dataset = await loadDataset(source, {
      require: ['community.geojson', 'grids.geojson', file],
      skip: ['basemap.geojson'],
    });
    const old = before === undefined ? [] : ((JSON.parse(before) as { features?: Feature[] }).features ?? []);
    counts = importCounts(old, (dataset.enterprises?.features ?? []) as Feature[], file);
  } catch (e) {
    throw asBadRequest(e);
  }
  const version = await insertVersion(q, {
    name: head.name,
    createdBy: user.username,
    files,
    note: `import of ${file} on version ${head.id}: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.removed} removed`,
    fingerprint: await datasetFingerprint(dataset),
  });
  await audit(
    q,
    user.username,
    'data.import',
    `dataset version ${version}`,
    { version: head.id, file },
    { version, file, ...counts },
  );
  return { version, ...counts };
}

const parseStored = (v: unknown): Feature => (typeof v === 'string' ? JSON.parse(v) : v) as Feature;

/**
 * incidents.geojson merged by id into the incidents table (inside applyImport's transaction): checked by the
 * loader, each new or changed incident written with a history step `import`, the revision bumped, one audit row
 * whose `before` keeps the incidents replaced.
 */
async function mergeIncidents(
  q: Queryable,
  head: VersionRow,
  text: string,
  user: User,
): Promise<ImportResult> {
  const file: DatasetFile = 'incidents.geojson';
  let features: Feature[];
  try {
    const dataset = await loadDataset(
      {
        location: `the import of ${file}`,
        manifest: async () => ({ name: head.name, files: [file] }),
        read: async () => text,
      },
      { require: [file] },
    );
    features = (dataset.incidents?.features ?? []) as Feature[];
  } catch (e) {
    throw asBadRequest(e);
  }
  if (!features.length) throw new ApiError(400, `${file} has no features: nothing to merge`);
  // Reports and lifecycle steps wait until this commits: a step a grid worker takes meanwhile lands either before
  // the read below (and is then the state replaced, kept in the audit row) or after the import, never in between.
  await q.query('LOCK TABLE incidents IN SHARE ROW EXCLUSIVE MODE');
  const ids = features.map(idOf);
  const rows = await q.query<{ id: string; feature: unknown }>(
    'SELECT id, feature FROM incidents WHERE id = ANY($1)',
    [ids],
  );
  const stored = new Map(rows.rows.map((r) => [String(r.id), parseStored(r.feature)]));
  let changes: FeatureChange[];
  try {
    ({ changes } = featureChanges([...stored.values()], features, file));
  } catch (e) {
    throw asBadRequest(e);
  }
  const at = new Date().toISOString();
  const replaced: Feature[] = [];
  for (const [i, f] of features.entries()) {
    const change = changes[i];
    if (change === 'unchanged') continue;
    const id = ids[i];
    const props = f.properties as { gridCode: string; status: string };
    const line = JSON.stringify(f);
    const was = stored.get(id);
    if (change === 'added') {
      await q.query('INSERT INTO incidents (id, grid_code, status, feature) VALUES ($1, $2, $3, $4)', [
        id,
        props.gridCode,
        props.status,
        line,
      ]);
    } else {
      replaced.push(was as Feature);
      await q.query('UPDATE incidents SET grid_code = $2, status = $3, feature = $4 WHERE id = $1', [
        id,
        props.gridCode,
        props.status,
        line,
      ]);
    }
    await q.query(
      'INSERT INTO incident_events (incident_id, action, from_status, to_status, by_user, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        id,
        'import',
        was ? String(was.properties?.status ?? '') : null,
        props.status,
        user.username,
        at,
        `import of ${file}`,
      ],
    );
  }
  // Incidents not in the file stay as they are: none is removed.
  const counts = countChanges(changes, 0);
  const revision = counts.added + counts.updated ? await bumpRevision(q, 'incidents') : undefined;
  await audit(
    q,
    user.username,
    'data.import',
    `incidents (on dataset version ${head.id})`,
    { version: head.id, file, replaced },
    { version: head.id, file, ...counts },
  );
  return { version: head.id, ...counts, ...(revision !== undefined && { revision }) };
}
