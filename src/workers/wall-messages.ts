/**
 * The messages between the wall worker and the wall store. The store asks for a refresh every N seconds; the worker
 * re-reads the dataset folder with conditional requests and answers "unchanged" (nothing parsed, nothing computed)
 * or a new snapshot: every figure of the screen, computed with the functions of the CLI's `stats`, plus the map's
 * geometry when (and only when) a file the map draws has changed. Between refreshes the store may ask for one
 * incident of the snapshot on screen (the incident card), answered with its title scrubbed like the alerts'.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Dataset, DatasetFile, IncidentLevel } from '../domain/types';
import type { Stats } from '../domain/stats';
import type { HierarchyCounty } from '../domain/hierarchy';
import type { WallValidation } from '../domain/wall-kpis';
import type { WallAlerts } from '../domain/wall-alerts';
import type { CarouselItem } from '../domain/wall-carousel';
import type { ErrorReason } from '../io/errors';
import type { TrendPoint } from '../domain/wall-trend';
import type { IncidentTable } from '../domain/incident-table';
import { incidentRecord, incidentRowById, type IncidentRecord } from '../domain/incident-record';

/** What the map draws: places only, no people, incidents or tracks. */
export type WallGeometry = Pick<Dataset, 'manifest' | 'community' | 'grids' | 'microGrids' | 'enterprises' | 'basemap'>;

/** The files whose change means new map geometry. */
export const WALL_MAP_FILES: readonly DatasetFile[] = [
  'community.geojson',
  'grids.geojson',
  'microgrids.geojson',
  'enterprises.geojson',
  'basemap.geojson',
];

/** The files boundary validation reads (a change re-runs it). */
export const WALL_VALIDATION_FILES: readonly DatasetFile[] = [
  'community.geojson',
  'grids.geojson',
  'microgrids.geojson',
  'enterprises.geojson',
  'members.json',
];

export interface OpenIncidentProps {
  id: string;
  level: IncidentLevel;
  due: 'overdue' | 'near-due' | 'on-track';
}

export interface WallSnapshot {
  /** Counts new snapshots in this worker: 1, 2, … */
  version: number;
  name: string;
  /** The county of the dataset's communities (domain/hierarchy): a county wall's title (issue 14). */
  county: HierarchyCounty;
  stats: Stats;
  validation: WallValidation | null;
  trend: TrendPoint[];
  alerts: WallAlerts;
  carousel: CarouselItem[];
  overdueByGrid: Record<string, number>;
  /** Incidents open at asOf, for the map (no titles: the map is not read up close). */
  openIncidents: FeatureCollection<Point, OpenIncidentProps>;
  /** Files that changed since the previous snapshot (all on the first). */
  changed: DatasetFile[];
}

export type WallRequest =
  | {
      type: 'refresh';
      id: number;
      /** The dataset folder, absolute or relative to pageUrl. */
      baseUrl: string;
      pageUrl: string;
      /** "Now" for a dataset without asOf. */
      now: number;
    }
  /** Incident `incidentId` of the snapshot on screen, at its asOf (answered with kind 'incident'). */
  | { type: 'incident'; id: number; incidentId: string };

export interface WallError {
  file?: string;
  message: string;
  /** The kind of problem, for the wall to say in its language (`message` is the English detail). */
  reason?: ErrorReason;
}

/** The answer to a 'refresh' request (`kind` is set by the worker; older code may leave it out). */
export type WallRefreshReply =
  | { kind?: 'refresh'; id: number; ok: true; changed: false; ms: number }
  | {
      kind?: 'refresh';
      id: number;
      ok: true;
      changed: true;
      snapshot: WallSnapshot;
      geometry: WallGeometry | null;
      ms: number;
    }
  | { kind?: 'refresh'; id: number; ok: false; error: WallError }
  /**
   * Ahead of the first snapshot, the map's geometry as soon as it is read (`partial`: the refresh goes on to the
   * figures, and its final reply then carries no geometry). The map tiles it while the worker computes the month's
   * figures, instead of after (a county's patrol coverage alone is seconds).
   */
  | { kind?: 'refresh'; id: number; ok: true; partial: true; changed?: undefined; geometry: WallGeometry };

/**
 * The answer to an 'incident' request: the incident card's record (domain/incident-record; title scrubbed), or null
 * when the snapshot on screen has no such incident or there is no snapshot yet. It never has `changed` (declared
 * absent, so code written for refresh replies, reading `reply.changed`, still reads a WallReply).
 */
export type WallIncidentReply =
  | { kind: 'incident'; id: number; ok: true; changed?: undefined; ms: number; record: IncidentRecord | null }
  | { kind: 'incident'; id: number; ok: false; error: WallError };

export type WallReply = WallRefreshReply | WallIncidentReply;

/** What the snapshot on screen was computed from (wall-refresh keeps it): what 'incident' requests read. */
export interface WallCurrent {
  incidents: IncidentTable;
  /** The asOf of the snapshot: the dataset's, else the `now` of the refresh that made it. */
  asOf: number;
  /** The snapshot's scrubber of free text (domain/wall-privacy personalScrubber with the members' names). */
  scrub: (text: string) => string;
}

/**
 * Incident `incidentId` as the wall's card shows it: domain/incident-record at the snapshot's asOf, its title
 * blanked of personal data by the same scrubber as the alerts and the carousel. Null when there is no snapshot yet
 * or no such incident.
 * @example wallIncidentRecord(refresher.latest(), 'SJ0000042')?.title
 */
export function wallIncidentRecord(current: WallCurrent | null, incidentId: string): IncidentRecord | null {
  if (typeof incidentId !== 'string') {
    throw new TypeError(`incidentId must be a string, got ${typeof incidentId}`);
  }
  if (!current) return null;
  const i = incidentRowById(current.incidents, incidentId);
  if (i < 0) return null;
  const record = incidentRecord(current.incidents, i, current.asOf);
  return { ...record, title: record.title === null ? null : current.scrub(record.title) };
}
