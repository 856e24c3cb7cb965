/**
 * Incidents and patrol tracks written through the API. The status machine and the deadlines are the domain's
 * (domain/incident-lifecycle); this module keeps the rows, a history row per step (who, when), the audit row and the
 * revision counter in one transaction each.
 */
import type { Feature, LineString, Point } from 'geojson';
import {
  applyAction,
  IncidentInputError,
  IncidentTransitionError,
  newIncident,
  type IncidentAction,
  type NewIncidentInput,
} from '../domain/incident-lifecycle';
import { formatCst } from '../domain/time';
import type { IncidentProps } from '../domain/types';
import { inOwnGrids } from './access';
import { audit } from './audit';
import type { User } from './auth';
import { isoTime, type Db, type Queryable } from './db';
import { bumpRevision, headVersion, versionFiles } from './datasets';
import { ApiError } from './proposals';

type IncidentFeature = Feature<Point, IncidentProps>;

const parseFeature = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** The grid codes of the current version (a report or a track must name one). */
async function currentGridCodes(q: Queryable): Promise<Set<string>> {
  const head = await headVersion(q);
  if (!head) return new Set();
  const key = `grid-codes:${head.id}`;
  const kept = q.memo.get(key) as Set<string> | undefined;
  if (kept) return kept;
  const grids = (await versionFiles(q, head.id)).get('grids.geojson');
  const fc = grids ? (JSON.parse(grids.body) as { features: { properties: { code: string; validTo?: string | null } }[] }) : { features: [] };
  const codes = new Set(fc.features.filter((f) => !f.properties.validTo).map((f) => f.properties.code));
  q.memo.set(key, codes);
  return codes;
}

export interface IncidentHistoryEntry {
  action: string;
  from: string | null;
  to: string;
  by: string;
  at: string;
  note: string;
}

export async function getIncident(q: Queryable, id: string): Promise<{ incident: IncidentFeature; gridCode: string; history: IncidentHistoryEntry[] } | null> {
  const r = await q.query('SELECT grid_code, feature FROM incidents WHERE id = $1', [id]);
  if (!r.rows[0]) return null;
  const h = await q.query('SELECT action, from_status, to_status, by_user, at, note FROM incident_events WHERE incident_id = $1 ORDER BY id', [id]);
  return {
    incident: parseFeature<IncidentFeature>(r.rows[0].feature),
    gridCode: String(r.rows[0].grid_code),
    history: h.rows.map((e) => ({
      action: String(e.action),
      from: (e.from_status as string | null) ?? null,
      to: String(e.to_status),
      by: String(e.by_user),
      at: isoTime(e.at),
      note: String(e.note),
    })),
  };
}

export type ReportBody = Omit<NewIncidentInput, 'id' | 'reportedAt'>;

/** A new report: status `reported`, the deadline by the level's working days, an id from the table's sequence. */
export async function reportIncident(db: Db, body: ReportBody, user: User, now = Date.now()): Promise<IncidentFeature> {
  if (!inOwnGrids(user, body.gridCode)) throw new ApiError(403, `grid ${body.gridCode} is not one of your grids`);
  return db.tx(async (q) => {
    if (!(await currentGridCodes(q)).has(body.gridCode)) throw new ApiError(400, `gridCode ${body.gridCode} is no grid in force in the current version`);
    const seq = Number((await q.query<{ n: string }>("SELECT nextval(pg_get_serial_sequence('incidents', 'seq')) AS n")).rows[0].n);
    let props: IncidentProps;
    try {
      props = newIncident({ ...body, id: `SJ${String(seq).padStart(7, '0')}`, reportedAt: formatCst(now) });
    } catch (e) {
      if (e instanceof IncidentInputError) throw new ApiError(400, e.message);
      throw e;
    }
    const feature: IncidentFeature = { type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [body.lon, body.lat] } };
    const inserted = await q.query('INSERT INTO incidents (seq, id, grid_code, status, feature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING', [
      seq,
      props.id,
      props.gridCode,
      props.status,
      JSON.stringify(feature),
    ]);
    if (!inserted.affected) throw new ApiError(409, `incident id ${props.id} exists already (imported data uses it); try again`);
    await q.query('INSERT INTO incident_events (incident_id, action, from_status, to_status, by_user, at) VALUES ($1, $2, NULL, $3, $4, $5)', [
      props.id,
      'report',
      'reported',
      user.username,
      new Date(now).toISOString(),
    ]);
    await bumpRevision(q, 'incidents');
    await audit(q, user.username, 'incident.report', `incident ${props.id}`, null, props);
    return feature;
  });
}

/** One step of the lifecycle; 409 with the reason when the status does not allow it. */
export async function actOnIncident(db: Db, id: string, action: IncidentAction, note: string, user: User, now = Date.now()): Promise<IncidentFeature> {
  return db.tx(async (q) => {
    const r = await q.query('SELECT grid_code, feature FROM incidents WHERE id = $1 FOR UPDATE', [id]);
    if (!r.rows[0]) throw new ApiError(404, `no incident ${id}`);
    if (!inOwnGrids(user, String(r.rows[0].grid_code))) throw new ApiError(403, `incident ${id} is in grid ${r.rows[0].grid_code}, not one of your grids`);
    const before = parseFeature<IncidentFeature>(r.rows[0].feature);
    let props: IncidentProps;
    try {
      props = applyAction(before.properties, action, formatCst(now));
    } catch (e) {
      if (e instanceof IncidentTransitionError) throw new ApiError(409, e.message);
      throw e;
    }
    const after: IncidentFeature = { ...before, properties: props };
    await q.query('UPDATE incidents SET status = $2, feature = $3 WHERE id = $1', [id, props.status, JSON.stringify(after)]);
    await q.query('INSERT INTO incident_events (incident_id, action, from_status, to_status, by_user, at, note) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      id,
      action,
      before.properties.status,
      props.status,
      user.username,
      new Date(now).toISOString(),
      note,
    ]);
    await bumpRevision(q, 'incidents');
    await audit(q, user.username, `incident.${action}`, `incident ${id}`, before.properties, props);
    return after;
  });
}

export interface PatrolBody {
  type: 'Feature';
  geometry: LineString;
  properties: { memberId: string; gridCode: string; startedAt: string; endedAt?: string };
}

/** The one-line problem with an uploaded track, or null: a LineString of 2+ finite WGS84 positions, times in order. */
export function patrolProblem(b: PatrolBody): string | null {
  const c = b.geometry.coordinates;
  if (c.length < 2) return 'geometry must have at least 2 positions';
  for (const [i, p] of c.entries()) {
    if (p.length < 2 || !p.every((n) => Number.isFinite(n))) return `geometry.coordinates[${i}] must be [lon, lat] numbers`;
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `geometry.coordinates[${i}] is outside longitude/latitude range`;
  }
  const start = Date.parse(b.properties.startedAt);
  if (!Number.isFinite(start)) return 'properties.startedAt must be an ISO 8601 time';
  if (b.properties.endedAt !== undefined) {
    const end = Date.parse(b.properties.endedAt);
    if (!Number.isFinite(end)) return 'properties.endedAt must be an ISO 8601 time';
    if (end < start) return 'properties.endedAt is before startedAt';
  }
  return null;
}

/** Stores an uploaded patrol track (a grid worker's phone posts it at the end of a patrol). */
export async function uploadPatrol(db: Db, body: PatrolBody, user: User): Promise<Feature<LineString>> {
  const problem = patrolProblem(body);
  if (problem) throw new ApiError(400, problem);
  const { memberId, gridCode, startedAt, endedAt } = body.properties;
  if (!inOwnGrids(user, gridCode)) throw new ApiError(403, `grid ${gridCode} is not one of your grids`);
  return db.tx(async (q) => {
    if (!(await currentGridCodes(q)).has(gridCode)) throw new ApiError(400, `properties.gridCode ${gridCode} is no grid in force in the current version`);
    const seq = Number((await q.query<{ n: string }>("SELECT nextval(pg_get_serial_sequence('patrols', 'seq')) AS n")).rows[0].n);
    const id = `p-${gridCode}-${seq}`;
    const feature: Feature<LineString> = {
      type: 'Feature',
      properties: { id, memberId, gridCode, startedAt, ...(endedAt ? { endedAt } : {}) },
      geometry: { type: 'LineString', coordinates: body.geometry.coordinates.map((p) => [p[0], p[1]]) },
    };
    await q.query('INSERT INTO patrols (seq, id, grid_code, member_id, feature) VALUES ($1, $2, $3, $4, $5)', [seq, id, gridCode, memberId, JSON.stringify(feature)]);
    await bumpRevision(q, 'patrols');
    await audit(q, user.username, 'patrol.upload', `patrol ${id}`, null, { ...feature.properties, positions: feature.geometry.coordinates.length });
    return feature;
  });
}
