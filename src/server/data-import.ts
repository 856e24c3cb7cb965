/**
 * An import applied to the server's dataset (POST /api/data/import): the enterprises file the app's import dialog
 * merged by id becomes the next dataset version, checked by the loader's own contract checks, in one transaction
 * with its audit row. Boundaries never come this way: they change through the planner's proposals (proposals.ts),
 * which keep their history and their review.
 */
import type { Feature } from 'geojson';
import type { DatasetFile } from '../domain/types';
import { loadDataset } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { featureKey } from '../io/import/same-feature';
import { datasetFingerprint } from '../io/plan/fingerprint';
import { audit } from './audit';
import type { User } from './auth';
import type { Db } from './db';
import { headVersion, insertVersion, versionFiles, VERSION_FILES } from './datasets';
import { ApiError } from './proposals';

/** The files an import may replace: the one the dialog merges into the loaded data. */
export const IMPORTABLE_FILES: readonly DatasetFile[] = ['enterprises.geojson'];

export interface ImportBody {
  /** The contract file's name: only IMPORTABLE_FILES. */
  file: string;
  /** Its whole text (UTF-8 JSON). */
  text: string;
  /** The version the import was previewed on: must still be the head. */
  baseVersion: number;
}

export interface ImportResult {
  version: number;
  /** Enterprises by id against the head's: new, changed, the same, and no longer in the file. */
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
}

const idOf = (f: Feature) => String(f.properties?.id ?? '');

/**
 * Counts by id of `next` against `before`; throws a DatasetError for an id that repeats in `next` (a merge by id
 * would not know which one is meant).
 * @example importCounts([a, b], [a, b2, c]) // { added: 1, updated: 1, unchanged: 1, removed: 0 }
 */
export function importCounts(
  before: readonly Feature[],
  next: readonly Feature[],
): Omit<ImportResult, 'version'> {
  const old = new Map(before.map((f) => [idOf(f), featureKey(f)]));
  const seen = new Map<string, number>();
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  next.forEach((f, i) => {
    const id = idOf(f);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new DatasetError(
        'enterprises.geojson',
        `the id repeats feature ${first}'s: ids must be unique`,
        `feature ${i} (id ${JSON.stringify(id)})`,
      );
    }
    seen.set(id, i);
    const was = old.get(id);
    if (was === undefined) added++;
    else if (was === featureKey(f)) unchanged++;
    else updated++;
  });
  const removed = [...old.keys()].filter((id) => !seen.has(id)).length;
  return { added, updated, unchanged, removed };
}

/**
 * Checks `body` and writes the next version: the head's files with `body.file` replaced. Refuses (400) another
 * file and a text the loader refuses, naming the file, the feature and the property; (409) a base that is no longer
 * the head. Nothing is written unless all of it is.
 */
export async function applyImport(db: Db, body: ImportBody, user: User): Promise<ImportResult> {
  const file = body.file as DatasetFile;
  if (!IMPORTABLE_FILES.includes(file)) {
    throw new ApiError(
      400,
      `only enterprises.geojson can be applied; boundaries change through the planner's proposals (got ${JSON.stringify(body.file.slice(0, 80))})`,
    );
  }
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
    const headFiles = await versionFiles(q, head.id);
    const files = new Map<string, string>();
    for (const [name, f] of headFiles) files.set(name, f.body);
    const before = files.get(file);
    files.set(file, body.text);
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
      const old =
        before === undefined ? [] : ((JSON.parse(before) as { features?: Feature[] }).features ?? []);
      counts = importCounts(old, (dataset.enterprises?.features ?? []) as Feature[]);
    } catch (e) {
      if (e instanceof DatasetError) throw new ApiError(400, e.message);
      throw e;
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
  });
}
