/**
 * The change proposal (issue 11) as one zip: what a planner submits and a reviewer opens.
 *
 *   proposal.json            ProposalMeta: format, version, who/what/why, the change log, the diff, the validation
 *   dataset/<contract files> the proposed dataset (io/plan/dataset-files), dataset.json included
 *   base/grids.geojson       the starting grids and micro-grids, for the reviewer's diff (current vs proposed)
 *   base/microgrids.geojson
 *
 * Everything read from a proposal is data: names, reasons and comments are shown as text, never as HTML.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import type { Finding } from '../../domain/findings';
import type { ChangeLogEntry, Changes } from '../../domain/plan/types';
import { checkOps } from '../../domain/plan/parse-ops';
import { DATASET_FILES, type Dataset, type GridFC, type MicroGridFC } from '../../domain/types';
import { DatasetError } from '../errors';
import type { LoadOptions } from '../dataset';
import { parseJson } from '../schema';
import { datasetFiles, readDatasetFiles } from './dataset-files';

export const PROPOSAL_FORMAT = 'gridsight-proposal';
export const PROPOSAL_VERSION = 1;
/** The name a proposal's errors give the zip when the caller does not (a file picker gives the file's name). */
const DEFAULT_NAME = 'proposal.zip';
/** More than a county's whole dataset with a million incidents (~270 MB of text). */
const MAX_UNPACKED_BYTES = 1024 * 2 ** 20;

export type ProposalStatus = 'submitted' | 'approved' | 'rejected';

export interface ProposalReview {
  by: string;
  comment: string;
  /** ISO 8601 with offset: when the decision was made. */
  at: string;
  decision: 'approved' | 'rejected';
  /** YYYY-MM-DD: the date the approved units take effect (for a rejection, the proposal's own). */
  effective: string;
}

/** proposal.json. */
export interface ProposalMeta {
  format: typeof PROPOSAL_FORMAT;
  version: typeof PROPOSAL_VERSION;
  id: string;
  title: string;
  author: string;
  reason: string;
  /** ISO 8601 with offset. */
  createdAt: string;
  /** YYYY-MM-DD: the effective date the planner proposes (validFrom / validTo of the units added / retired). */
  effective: string;
  /** The dataset the draft started from: its name and datasetFingerprint. */
  base: { name: string; fingerprint: string };
  log: ChangeLogEntry[];
  changes: Changes;
  validation: { errors: number; warnings: number; findings: Finding[] };
  status: ProposalStatus;
  review?: ProposalReview;
}

/** A proposal in memory: proposal.json plus the proposed dataset's files and the starting units. */
export interface Proposal extends ProposalMeta {
  /** The proposed dataset's files by name (dataset.json and the contract files), as datasetFiles writes them. */
  files: Map<string, string>;
  baseUnits: { grids: GridFC; microGrids: MicroGridFC };
}

/** A proposal read from a zip, with its dataset already parsed (through the loader's checks). */
export interface OpenedProposal extends Proposal {
  dataset: Dataset;
}

/** What a planner gives to make a proposal: the record's fields and the proposed dataset itself. */
export type ProposalInput = Omit<ProposalMeta, 'format' | 'version' | 'status' | 'review'> & {
  dataset: Dataset;
  baseUnits: { grids: GridFC; microGrids: MicroGridFC };
};

/**
 * A submitted proposal from a draft's result. The dataset is written once here (datasetFiles), so what the zip
 * holds is exactly what was checked.
 * @example const p = makeProposal({ id, title, author, reason, createdAt, effective, base, log, changes, validation, dataset, baseUnits })
 */
export function makeProposal(input: ProposalInput): Proposal {
  const { dataset, baseUnits, ...meta } = input;
  return {
    format: PROPOSAL_FORMAT,
    version: PROPOSAL_VERSION,
    ...meta,
    status: 'submitted',
    files: datasetFiles(dataset),
    baseUnits,
  };
}

/** proposal.json's content: the fields of ProposalMeta only, in a stable order. */
export function proposalMeta(p: ProposalMeta): ProposalMeta {
  const meta: ProposalMeta = {
    format: p.format,
    version: p.version,
    id: p.id,
    title: p.title,
    author: p.author,
    reason: p.reason,
    createdAt: p.createdAt,
    effective: p.effective,
    base: p.base,
    log: p.log,
    changes: p.changes,
    validation: p.validation,
    status: p.status,
  };
  if (p.review) meta.review = p.review;
  return meta;
}

const fcText = (fc: { features: readonly unknown[] }) =>
  `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;

/**
 * The proposal as zip bytes. Never mutates `p`.
 * @example download(new Blob([writeProposal(p)]), `${p.id}.zip`)
 */
export function writeProposal(p: Proposal, options: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 } = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    'proposal.json': strToU8(`${JSON.stringify(proposalMeta(p), null, 2)}\n`),
    'base/grids.geojson': strToU8(fcText(p.baseUnits.grids)),
    'base/microgrids.geojson': strToU8(fcText(p.baseUnits.microGrids)),
  };
  for (const [name, text] of p.files) entries[`dataset/${name}`] = strToU8(text);
  // Level 6 (fflate's default) compresses GeoJSON ~8×; a fixed mtime keeps the same proposal the same bytes.
  return zipSync(entries, { level: options.level ?? 6, mtime: new Date('2026-01-01T00:00:00Z') });
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isCodes = (v: unknown) => Array.isArray(v) && v.every(isString);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks proposal.json's shape; throws DatasetError naming the first field that is wrong. */
function checkMeta(where: string, m: unknown): ProposalMeta {
  const bad = (field: string, detail: string): never => {
    throw new DatasetError(where, detail, `"${field}"`);
  };
  if (!isObject(m)) throw new DatasetError(where, 'must be a JSON object');
  if (m.format !== PROPOSAL_FORMAT) bad('format', `must be "${PROPOSAL_FORMAT}": this is not a GridSight proposal`);
  if (m.version !== PROPOSAL_VERSION) {
    bad('version', `is ${JSON.stringify(m.version)}; this GridSight reads version ${PROPOSAL_VERSION} (a newer GridSight wrote it?)`);
  }
  for (const f of ['id', 'title', 'author', 'reason', 'createdAt'] as const) if (!isString(m[f])) bad(f, 'must be a string');
  if (!isString(m.effective) || !DATE.test(m.effective)) bad('effective', 'must be a date, YYYY-MM-DD');
  if (!isObject(m.base) || !isString(m.base.name) || !isString(m.base.fingerprint)) {
    bad('base', 'must be { "name", "fingerprint" } (strings)');
  }
  if (!Array.isArray(m.log) || !m.log.every((e) => isObject(e) && isObject(e.op) && isString(e.op.op) && isObject(e.effect))) {
    bad('log', 'must be an array of change-log entries { op, who, at, effect }');
  }
  try {
    // The operations themselves by the same strict schema as `plan apply`'s ops.json.
    checkOps((m.log as { op: unknown }[]).map((e) => e.op), 'log');
  } catch (e) {
    throw new DatasetError(where, (e as Error).message);
  }
  const c = m.changes;
  if (
    !isObject(c) ||
    !isCodes(c.added) ||
    !isCodes(c.retired) ||
    !isCodes(c.reshaped) ||
    !Array.isArray(c.moves) ||
    !Array.isArray(c.grids) ||
    !c.grids.every((g) => isObject(g) && isString(g.code))
  ) {
    bad('changes', 'must be { added, retired, reshaped, moves, grids } as changes.json');
  }
  const v = m.validation;
  if (!isObject(v) || typeof v.errors !== 'number' || typeof v.warnings !== 'number' || !Array.isArray(v.findings)) {
    bad('validation', 'must be { errors, warnings, findings }');
  }
  if (m.status !== 'submitted' && m.status !== 'approved' && m.status !== 'rejected') {
    bad('status', 'must be "submitted", "approved" or "rejected"');
  }
  if (m.review !== undefined) {
    const r = m.review;
    if (
      !isObject(r) ||
      !isString(r.by) ||
      !isString(r.comment) ||
      !isString(r.at) ||
      (r.decision !== 'approved' && r.decision !== 'rejected') ||
      !isString(r.effective)
    ) {
      bad('review', 'must be { by, comment, at, decision: "approved" | "rejected", effective }');
    }
  }
  return m as unknown as ProposalMeta;
}

/**
 * Opens a proposal zip; throws DatasetError with the zip's name and the file inside it that is wrong: not a zip, no
 * proposal.json, a format or version this GridSight does not read, a dataset or base file that does not pass the
 * loader's checks.
 * @example const p = await readProposal(new Uint8Array(await file.arrayBuffer()), { name: file.name })
 */
export async function readProposal(bytes: Uint8Array, options: { name?: string } = {}): Promise<OpenedProposal> {
  const zipName = options.name ?? DEFAULT_NAME;
  let entries: Unzipped;
  let unpacked = 0;
  try {
    entries = unzipSync(bytes, {
      // Only what a proposal holds is inflated, and no more than MAX_UNPACKED_BYTES in all: a zip's sizes are
      // declared before any byte is inflated, so a "zip bomb" is refused instead of filling the memory.
      filter: (f) => {
        if (f.name !== 'proposal.json' && !f.name.startsWith('dataset/') && !f.name.startsWith('base/')) return false;
        unpacked += f.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES) throw new RangeError(`unpacks to more than ${MAX_UNPACKED_BYTES / 2 ** 20} MiB`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof RangeError) throw new DatasetError(zipName, `${e.message}; not read`);
    throw new DatasetError(zipName, `is not a zip file (${(e as Error).message})`);
  }
  const text = (name: string) => {
    const entry = entries[name];
    if (!entry) throw new DatasetError(zipName, `has no ${name}: not a GridSight proposal, or an incomplete one`);
    try {
      return strFromU8(entry);
    } catch {
      throw new DatasetError(`${zipName}/${name}`, 'is not UTF-8 text');
    }
  };
  const meta = checkMeta(`${zipName}/proposal.json`, parseJson(`${zipName}/proposal.json`, text('proposal.json')));
  const files = new Map<string, string>();
  for (const name of Object.keys(entries)) {
    if (!name.startsWith('dataset/') || name.endsWith('/')) continue;
    const file = name.slice('dataset/'.length);
    // Only the contract's names: approval writes these names into the new version's zip, where a name like
    // "../x" or "a/b" would land outside the folder it is unpacked into.
    if (file !== 'dataset.json' && !(DATASET_FILES as readonly string[]).includes(file)) {
      throw new DatasetError(`${zipName}/${name}`, 'is not a file of the data contract; a proposal\'s dataset holds only those');
    }
    files.set(file, text(name));
  }
  if (!files.has('dataset.json')) throw new DatasetError(zipName, 'has no dataset/dataset.json: the proposed dataset is missing');
  // Both parts through the loader's checks; an error names the file inside the zip ("p.zip/dataset/grids.geojson").
  const read = async (folder: string, contents: Map<string, string>, options: LoadOptions) => {
    try {
      return await readDatasetFiles(contents, { ...options, location: `${zipName}/${folder}` });
    } catch (e) {
      if (e instanceof DatasetError) throw new DatasetError(`${zipName}/${folder}/${e.file}`, e.detail, e.where);
      throw e;
    }
  };
  const baseFiles = new Map(['grids.geojson', 'microgrids.geojson'].map((f) => [f, text(`base/${f}`)]));
  const base = await read('base', baseFiles, { require: ['grids.geojson', 'microgrids.geojson'] });
  const dataset = await read('dataset', files, { incidentTitles: true });
  const baseUnits = { grids: base.grids!, microGrids: base.microGrids! };
  return { ...meta, files, baseUnits, dataset };
}
