/**
 * One incident as the incident card shows it: what it is, where it stands at asOf and every lifecycle step it has
 * been through, read from the columns (domain/incident-table) rather than from a feature, so the same card works
 * for incidents.geojson and for a county's incidents.csv. Due states are domain/deadline's, at the table's
 * near-due share, so the card agrees with the overdue and near-due figures.
 */
import { dueStateAt, type DueState } from './deadline';
import type { IncidentTable } from './incident-table';
import { formatCst } from './time';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentStatus,
} from './types';

/** The lifecycle steps that carry a time, in lifecycle order (DOMAIN.md; `in-progress` and the side states have none). */
export const LIFECYCLE_STEPS = [
  'reported',
  'accepted',
  'dispatched',
  'resolved',
  'verified',
  'closed',
] as const;
export type LifecycleStep = (typeof LIFECYCLE_STEPS)[number];

export interface IncidentStep {
  step: LifecycleStep;
  /** ISO 8601 in China time (+08:00), seconds precision (domain/time formatCst). */
  at: string;
}

export interface IncidentRecord {
  id: string;
  /** The title; null when the table was read without titles, '' when the incident has none. */
  title: string | null;
  category: IncidentCategory;
  level: IncidentLevel;
  status: IncidentStatus;
  supervised: boolean;
  /** The grid the incident names (recorded when it was reported; it may since have been revoked). */
  gridCode: string;
  /** The enterprise the incident names (`enterpriseId`), or null. */
  enterpriseId: string | null;
  lon: number;
  lat: number;
  /** The steps the data records, in lifecycle order (not sorted by time: data with steps out of order shows it). */
  steps: IncidentStep[];
  /** ISO 8601 (+08:00): the incident's own deadline, else the level's limit in working days. */
  deadline: string;
  /** Where it stands at asOf: closed (at or before asOf), overdue, near-due or on track. */
  due: DueState;
  /**
   * Milliseconds past the deadline: at asOf while open and overdue, at closing when it was closed late; null when
   * it is not late.
   */
  overdueMs: number | null;
}

/** The time column of each step. */
const STEP_COLUMN = {
  reported: 'reported',
  accepted: 'accepted',
  dispatched: 'dispatched',
  resolved: 'resolved',
  verified: 'verified',
  closed: 'closed',
} as const satisfies Record<LifecycleStep, keyof IncidentTable>;

/**
 * Incident `i` (a row of the table) at `asOf` (epoch ms). Throws a RangeError for a row that is not one.
 * @example incidentRecord(datasetIncidents(dataset), 0, datasetAsOf(dataset, Date.now())).due // 'closed'
 */
export function incidentRecord(table: IncidentTable, i: number, asOf: number): IncidentRecord {
  if (!Number.isInteger(i) || i < 0 || i >= table.n) {
    throw new RangeError(`incident row ${i} is not one of the table's ${table.n}`);
  }
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be a time (epoch ms), got ${asOf}`);
  const steps: IncidentStep[] = [];
  for (const step of LIFECYCLE_STEPS) {
    const t = table[STEP_COLUMN[step]][i];
    if (!Number.isNaN(t)) steps.push({ step, at: formatCst(t) });
  }
  const reported = table.reported[i];
  const closed = table.closed[i];
  const deadline = table.deadline[i];
  const due = dueStateAt(reported, closed, deadline, asOf, table.deadlines.nearDueShare);
  // Late is measured when it stopped being late: at closing, or at asOf while still open.
  const end = due === 'closed' ? closed : asOf;
  const e = table.enterprise[i];
  return {
    id: table.id[i],
    title: table.title ? table.title[i] : null,
    category: INCIDENT_CATEGORIES[table.category[i]],
    level: table.level[i] as IncidentLevel,
    status: INCIDENT_STATUSES[table.status[i]],
    supervised: table.supervised[i] === 1,
    gridCode: table.gridCodes[table.grid[i]],
    enterpriseId: e < 0 ? null : table.enterpriseIds[e],
    lon: table.lon[i],
    lat: table.lat[i],
    steps,
    deadline: formatCst(deadline),
    due,
    overdueMs: end > deadline ? end - deadline : null,
  };
}

const rowsById = new WeakMap<IncidentTable, Map<string, number>>();

/**
 * The row of the incident with id `id`, or −1. The id → row map is built on the first call for a table and kept
 * with it (a county's million ids take some tens of MB, so only a table that is asked gets one); where an id is
 * repeated, the first row is the answer.
 * @example incidentRecord(table, incidentRowById(table, 'SJ0000042'), asOf)
 */
export function incidentRowById(table: IncidentTable, id: string): number {
  let rows = rowsById.get(table);
  if (!rows) {
    rows = new Map();
    for (let i = 0; i < table.n; i++) if (!rows.has(table.id[i])) rows.set(table.id[i], i);
    rowsById.set(table, rows);
  }
  return rows.get(id) ?? -1;
}
