/**
 * Dataset versions in the database: import a folder, read a version back through the same loader the CLI and the
 * app use (`dbSource`), and export one as a folder of the data contract. A version holds the files plans change
 * (community, grids, micro-grids, enterprises, members, basemap) as text, byte for byte; incidents and patrols are
 * live tables shared by every version (a version's grids change, their history stays).
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Feature } from 'geojson';
import { DATASET_FILES, type Dataset, type DatasetFile, type DatasetManifest } from '../domain/types';
import { loadDataset, parseManifest, type DatasetSource } from '../io/dataset';
import { DatasetError } from '../io/errors';
import { folderSource } from '../io/fs-source';
import { incidentFeature } from '../io/incident-features';
import { datasetFingerprint } from '../io/plan/fingerprint';
import { isoTime, type Db, type Queryable } from './db';

/** Files stored per version; the rest of the contract lives in tables. */
export const VERSION_FILES: readonly DatasetFile[] = [
  'community.geojson',
  'grids.geojson',
  'microgrids.geojson',
  'enterprises.geojson',
  'members.json',
  'basemap.geojson',
];
/** Files built from the live tables. */
export const LIVE_FILES = ['incidents.geojson', 'patrols.geojson'] as const;
export type LiveFile = (typeof LIVE_FILES)[number];

export const etagOf = (text: string) => `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;

/** A FeatureCollection as the generator writes it: one feature per line (so an unchanged export is byte-equal). */
export const featureCollectionLines = (features: readonly string[]) =>
  `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;

export interface VersionRow {
  id: number;
  name: string;
  createdAt: string;
  createdBy: string;
  proposalId: string | null;
  fingerprint: string;
  touched: string[];
}

function versionRow(r: Record<string, unknown>): VersionRow {
  return {
    id: Number(r.id),
    name: String(r.name),
    createdAt: isoTime(r.created_at),
    createdBy: String(r.created_by),
    proposalId: (r.proposal_id as string | null) ?? null,
    fingerprint: String(r.fingerprint ?? ''),
    touched: (r.touched as string[]) ?? [],
  };
}

/** The newest version, or null on an empty database. */
export async function headVersion(q: Queryable): Promise<VersionRow | null> {
  const r = await q.query('SELECT * FROM dataset_versions ORDER BY id DESC LIMIT 1');
  return r.rows[0] ? versionRow(r.rows[0]) : null;
}

export async function getVersion(q: Queryable, id: number): Promise<VersionRow | null> {
  const r = await q.query('SELECT * FROM dataset_versions WHERE id = $1', [id]);
  return r.rows[0] ? versionRow(r.rows[0]) : null;
}

export async function listVersions(q: Queryable): Promise<VersionRow[]> {
  return (await q.query('SELECT * FROM dataset_versions ORDER BY id DESC')).rows.map(versionRow);
}

type StoredFiles = Map<string, { body: string; etag: string }>;
/** Versions whose files stay in memory: the current one and a few it replaced (a county's are ~20 MB each). */
const KEPT_VERSIONS = 3;

/**
 * One version's stored files by name. A version never changes once committed, so its files are read from the
 * database once and kept (the last KEPT_VERSIONS read); every request for a file is then a map lookup.
 */
export function versionFiles(q: Queryable, id: number): Promise<StoredFiles> {
  const key = `version-files:${id}`;
  const kept = q.memo.get(key) as Promise<StoredFiles> | undefined;
  if (kept) {
    // Most recently used last: Map keeps insertion order.
    q.memo.delete(key);
    q.memo.set(key, kept);
    return kept;
  }
  // The promise is kept, so the readers who arrive while the files are read wait for that one query (measured:
  // 200 readers at start-up each ran their own 3 MB query, one after another, for ten seconds).
  const loading = (async () => {
    const r = await q.query<{ name: string; body: string; etag: string }>('SELECT name, body, etag FROM version_files WHERE version_id = $1', [id]);
    return new Map(r.rows.map((row) => [row.name, { body: row.body, etag: row.etag }])) as StoredFiles;
  })();
  // A version read inside the transaction that inserts it could be rolled back; kept anyway, it is harmless: an id
  // of a rolled-back row is never given again, so nothing asks for it. A version with no files (not there) and a
  // failed read are not kept.
  q.memo.set(key, loading);
  loading.then(
    (files) => files.size || q.memo.delete(key),
    () => q.memo.delete(key),
  );
  const versions = [...q.memo.keys()].filter((k) => k.startsWith('version-files:'));
  for (const old of versions.slice(0, Math.max(0, versions.length - KEPT_VERSIONS))) q.memo.delete(old);
  return loading;
}

export interface NewVersion {
  name: string;
  createdBy: string;
  /** File name → text, for VERSION_FILES and dataset.json. */
  files: ReadonlyMap<string, string>;
  proposalId?: string;
  note?: string;
  touched?: readonly string[];
  fingerprint: string;
}

/** Inserts a version and its files (inside the caller's transaction); returns its id. */
export async function insertVersion(q: Queryable, v: NewVersion): Promise<number> {
  const r = await q.query<{ id: number }>(
    'INSERT INTO dataset_versions (name, created_by, proposal_id, note, touched, fingerprint) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id',
    [v.name, v.createdBy, v.proposalId ?? null, v.note ?? '', [...(v.touched ?? [])], v.fingerprint],
  );
  const id = Number(r.rows[0].id);
  for (const [name, body] of v.files) {
    if (name !== 'dataset.json' && !VERSION_FILES.includes(name as DatasetFile)) continue;
    await q.query('INSERT INTO version_files (version_id, name, body, etag) VALUES ($1, $2, $3, $4)', [id, name, body, etagOf(body)]);
  }
  return id;
}

/** Bumps the revision counter of incidents or patrols (the ETag of their file); returns the new value. */
export async function bumpRevision(q: Queryable, kind: 'incidents' | 'patrols'): Promise<number> {
  const r = await q.query<{ value: string | number }>('UPDATE revisions SET value = value + 1 WHERE kind = $1 RETURNING value', [kind]);
  return Number(r.rows[0].value);
}

export async function revision(q: Queryable, kind: 'incidents' | 'patrols'): Promise<number> {
  const r = await q.query<{ value: string | number }>('SELECT value FROM revisions WHERE kind = $1', [kind]);
  return Number(r.rows[0]?.value ?? 0);
}

/** The rows of a live table as GeoJSON text, in insertion order. */
export async function liveFileText(q: Queryable, file: LiveFile): Promise<string> {
  const table = file === 'incidents.geojson' ? 'incidents' : 'patrols';
  // feature is json (text kept as given), so ::text gives back exactly the stored line. Joined in the database:
  // one row to hand over instead of thousands (the embedded engine's cost is per row).
  const r = await q.query<{ f: string | null }>(`SELECT string_agg(feature::text, E',\n' ORDER BY seq) AS f FROM ${table}`);
  const joined = r.rows[0]?.f;
  return featureCollectionLines(joined ? [joined] : []);
}

async function liveCounts(q: Queryable): Promise<{ incidents: number; patrols: number }> {
  const r = await q.query<{ i: string; p: string }>('SELECT (SELECT count(*) FROM incidents) AS i, (SELECT count(*) FROM patrols) AS p');
  return { incidents: Number(r.rows[0].i), patrols: Number(r.rows[0].p) };
}

/**
 * dataset.json of a version as served and exported: the stored manifest with `files` listing what the version has,
 * plus incidents.geojson and patrols.geojson when their tables hold rows (incidents.csv is served as GeoJSON).
 */
export async function manifestText(q: Queryable, id: number, stored?: Map<string, { body: string }>): Promise<string> {
  const files = stored ?? (await versionFiles(q, id));
  const base = files.get('dataset.json');
  const manifest: DatasetManifest = base ? parseManifest(base.body) : { name: `version ${id}`, files: [] };
  const counts = await liveCounts(q);
  const present = new Set<string>([...files.keys()]);
  if (counts.incidents) present.add('incidents.geojson');
  if (counts.patrols) present.add('patrols.geojson');
  const listed = DATASET_FILES.filter((f) => present.has(f));
  return `${JSON.stringify({ ...manifest, files: listed }, null, 2)}\n`;
}

/**
 * A version read through the loader's own checks, like a folder or a URL (io/dataset): the server's figures come
 * from the same code as the CLI's.
 * @example const dataset = await loadDataset(dbSource(db, 3))
 */
export function dbSource(q: Queryable, id: number): DatasetSource {
  let stored: Promise<Map<string, { body: string; etag: string }>> | undefined;
  const files = () => (stored ??= versionFiles(q, id));
  return {
    location: `database version ${id}`,
    manifest: async () => parseManifest(await manifestText(q, id, await files())),
    async read(file: string) {
      if ((LIVE_FILES as readonly string[]).includes(file)) return liveFileText(q, file as LiveFile);
      const f = (await files()).get(file);
      if (!f) throw new DatasetError(file, `is not in database version ${id}`);
      return f.body;
    },
  };
}

/** Every feature of a FeatureCollection's text, each as one line of JSON (for the live tables). */
function featureLines(file: string, text: string): { line: string; feature: Feature }[] {
  let fc: { features?: unknown };
  try {
    fc = JSON.parse(text);
  } catch (e) {
    throw new DatasetError(file, `is not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(fc.features)) throw new DatasetError(file, 'has no "features" array');
  return (fc.features as Feature[]).map((feature) => ({ line: JSON.stringify(feature), feature }));
}

export interface ImportReport {
  version: number;
  name: string;
  files: string[];
  incidents: { added: number; updated: number };
  patrols: { added: number; updated: number };
}

/**
 * Loads a dataset folder as a new version, after the loader has read every file with its checks (a folder the CLI
 * refuses is refused here, and nothing is written). Incidents and patrols are merged into the live tables by id:
 * new ids added, known ids updated. incidents.csv and incidents.bin are stored as GeoJSON features. All in one transaction.
 * @example await importFolder(db, 'data/zhihuiwan', 'admin')
 */
export async function importFolder(db: Db, dir: string, by: string): Promise<ImportReport> {
  const source = folderSource(dir);
  const manifest = await source.manifest();
  // Titles kept: incidents read into columns (incidents.csv, incidents.bin) are stored as features with them.
  const dataset = await loadDataset(source, { require: ['community.geojson', 'grids.geojson'], incidentTitles: true });
  const texts = new Map<string, string>();
  for (const f of manifest.files) if (VERSION_FILES.includes(f)) texts.set(f, await source.read(f));
  texts.set('dataset.json', `${JSON.stringify({ ...manifest, files: [...texts.keys()] }, null, 2)}\n`);
  const incidents = incidentLines(dataset, await readLive(source, manifest, 'incidents.geojson'));
  const patrols = manifest.files.includes('patrols.geojson') ? featureLines('patrols.geojson', await source.read('patrols.geojson')) : [];
  const fingerprint = await datasetFingerprint(dataset);
  return db.tx(async (q) => {
    const version = await insertVersion(q, { name: manifest.name, createdBy: by, files: texts, fingerprint, note: `imported from ${dir}` });
    const inc = await upsertLive(q, 'incidents', incidents.map((l) => ({ ...l, grid: String(l.feature.properties?.gridCode), extra: String(l.feature.properties?.status) })));
    const pat = await upsertLive(q, 'patrols', patrols.map((l) => ({ ...l, grid: String(l.feature.properties?.gridCode), extra: String(l.feature.properties?.memberId) })));
    if (inc.added + inc.updated) await bumpRevision(q, 'incidents');
    if (pat.added + pat.updated) await bumpRevision(q, 'patrols');
    const report: ImportReport = { version, name: manifest.name, files: [...texts.keys()], incidents: inc, patrols: pat };
    await q.query('INSERT INTO audit_log (actor, action, target, before, after) VALUES ($1, $2, $3, NULL, $4)', [
      by,
      'dataset.import',
      `version ${version}`,
      JSON.stringify(report),
    ]);
    return report;
  });
}

async function readLive(source: DatasetSource, manifest: DatasetManifest, file: 'incidents.geojson'): Promise<string> {
  return manifest.files.includes(file) ? source.read(file) : '';
}

/**
 * The incidents as feature lines: incidents.geojson as given, or the rows the loader read into columns
 * (incidents.bin, else incidents.csv; already checked) as features with the contract's properties in the CSV's order.
 */
function incidentLines(dataset: Dataset, geojson: string): { line: string; feature: Feature }[] {
  if (geojson) return featureLines('incidents.geojson', geojson);
  const t = dataset.incidentColumns;
  if (!t) return [];
  return Array.from({ length: t.n }, (_, i) => {
    const feature = incidentFeature(t, i);
    return { line: JSON.stringify(feature), feature };
  });
}

async function upsertLive(
  q: Queryable,
  table: 'incidents' | 'patrols',
  rows: { line: string; feature: Feature; grid: string; extra: string }[],
): Promise<{ added: number; updated: number }> {
  let added = 0;
  let updated = 0;
  const extraColumn = table === 'incidents' ? 'status' : 'member_id';
  for (const row of rows) {
    const id = String(row.feature.properties?.id ?? '');
    if (!id) throw new DatasetError(`${table}.geojson`, 'has a feature without an id');
    // xmax is 0 on a row this statement inserted, and set on one it updated.
    const r = await q.query<{ inserted: boolean }>(
      `INSERT INTO ${table} (id, grid_code, ${extraColumn}, feature) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET grid_code = EXCLUDED.grid_code, ${extraColumn} = EXCLUDED.${extraColumn}, feature = EXCLUDED.feature
       RETURNING (xmax = 0) AS inserted`,
      [id, row.grid, row.extra, row.line],
    );
    if (r.rows[0].inserted) added++;
    else updated++;
  }
  return { added, updated };
}

/**
 * Writes version `id` as a dataset folder (the data contract: `validate` and `stats` read it unchanged). Refuses a
 * folder that exists and is not empty, so nothing is overwritten.
 * @example await exportVersion(db, 2, 'out/v2')
 */
export async function exportVersion(q: Queryable, id: number, outDir: string): Promise<string[]> {
  const version = await getVersion(q, id);
  if (!version) throw new DatasetError(`version ${id}`, 'is not in the database');
  const existing = await readdir(outDir).catch(() => null);
  if (existing?.length) throw new DatasetError(outDir, 'exists and is not empty: export writes into a new or empty folder');
  const stored = await versionFiles(q, id);
  const written: string[] = [];
  await mkdir(outDir, { recursive: true });
  const manifest = await manifestText(q, id, stored);
  for (const file of parseManifest(manifest).files) {
    const text = (LIVE_FILES as readonly string[]).includes(file) ? await liveFileText(q, file as LiveFile) : stored.get(file)?.body;
    if (text === undefined) continue;
    await writeFile(join(outDir, file), text);
    written.push(file);
  }
  await writeFile(join(outDir, 'dataset.json'), manifest);
  return ['dataset.json', ...written];
}
