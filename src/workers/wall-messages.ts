/**
 * The messages between the wall worker and the wall store. The store asks for a refresh every N seconds; the worker
 * re-reads the dataset folder with conditional requests and answers "unchanged" (nothing parsed, nothing computed)
 * or a new snapshot: every figure of the screen, computed with the functions of the CLI's `stats`, plus the map's
 * geometry when (and only when) a file the map draws has changed.
 */
import type { FeatureCollection, Point } from 'geojson';
import type { Dataset, DatasetFile, IncidentLevel } from '../domain/types';
import type { Stats } from '../domain/stats';
import type { WallValidation } from '../domain/wall-kpis';
import type { WallAlerts } from '../domain/wall-alerts';
import type { CarouselItem } from '../domain/wall-carousel';
import type { ErrorReason } from '../io/errors';
import type { TrendPoint } from '../domain/wall-trend';

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

export type WallRequest = {
  type: 'refresh';
  id: number;
  /** The dataset folder, absolute or relative to pageUrl. */
  baseUrl: string;
  pageUrl: string;
  /** "Now" for a dataset without asOf. */
  now: number;
};

export interface WallError {
  file?: string;
  message: string;
  /** The kind of problem, for the wall to say in its language (`message` is the English detail). */
  reason?: ErrorReason;
}

export type WallReply =
  | { id: number; ok: true; changed: false; ms: number }
  | { id: number; ok: true; changed: true; snapshot: WallSnapshot; geometry: WallGeometry | null; ms: number }
  | { id: number; ok: false; error: WallError };
