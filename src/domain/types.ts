/**
 * The data contract of ../shared/DOMAIN.md as TypeScript types. A dataset is one folder; these are the
 * properties of its features. Names here are the contract: tests, the CLI and other tools rely on them.
 */
import type { IncidentTable } from './incident-table';
import type {
  Feature,
  FeatureCollection,
  LineString,
  MultiPolygon,
  Point,
  Polygon,
  Geometry,
} from 'geojson';

export type Areal = Polygon | MultiPolygon;

export interface CommunityProps {
  code: string; // 12-digit 统计用区划代码
  name: string;
  town?: string;
  county?: string;
  /** ISO 8601: the moment the data describes ("now" for overdue, near-due, this month). */
  asOf?: string;
  /** Set on synthetic datasets so the UI can say so. */
  synthetic?: boolean;
}

export interface LineageProps {
  parentCodes?: string[];
  validFrom?: string;
  validTo?: string | null;
}

export interface GridProps extends LineageProps {
  code: string; // community code + 3 digits
  name: string;
  communityCode?: string;
}

export interface MicroGridProps extends LineageProps {
  code: string; // grid code + 3 digits
  gridCode: string;
  name?: string;
  /** "park" for a 小微园区 (exempt from the 2–5 rule); absent otherwise. */
  kind?: 'park' | 'above' | 'below';
}

export type EnterpriseScale = 'above' | 'below';

export interface EnterpriseProps {
  id: string; // 统一社会信用代码, 18 chars
  name: string;
  scale: EnterpriseScale;
  industry?: string;
  employees?: number;
  gridCode?: string;
  microGridCode?: string;
}

export const MEMBER_ROLES = [
  'grid-leader',
  'full-time',
  'part-time',
  'instructor',
  'other',
  'micro-leader',
] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** The four every grid is staffed with by the standard (网格长, 专职网格员, 兼职网格员, 指导员), in that order. */
export const GRID_STAFF_ROLES = ['grid-leader', 'full-time', 'part-time', 'instructor'] as const satisfies readonly MemberRole[];

export interface Member {
  id: string;
  name: string;
  role: MemberRole;
  gridCode: string;
  microGridCode?: string;
  /** Personal data: masked in the UI (138****1234), never on the wall screen. */
  phone?: string;
  /** For role "other": where they come from (enterprise party member, bank, law firm…). */
  affiliation?: string;
}

export const INCIDENT_CATEGORIES = [
  'safety',
  'fire',
  'environment',
  'labour',
  'public-order',
  'enterprise-request',
  'facility',
  'party',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const INCIDENT_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'in-progress',
  'resolved',
  'verified',
  'closed',
  'returned',
  'extended',
  'suspended',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export type IncidentLevel = 1 | 2 | 3 | 4;

export interface IncidentProps {
  id: string;
  category: IncidentCategory;
  level: IncidentLevel;
  status: IncidentStatus;
  reportedAt: string;
  gridCode: string;
  acceptedAt?: string | null;
  dispatchedAt?: string | null;
  resolvedAt?: string | null;
  verifiedAt?: string | null;
  closedAt?: string | null;
  deadline?: string | null;
  supervised?: boolean;
  title?: string;
  /**
   * The enterprise the incident is about: its `id` (统一社会信用代码), when it is about one. Optional: older data
   * has no link, and many incidents (a street lamp, a stray dog) are about no enterprise.
   */
  enterpriseId?: string;
}

export interface PatrolProps {
  id: string;
  memberId: string;
  gridCode: string;
  startedAt: string;
  endedAt?: string;
}

export const BASEMAP_KINDS = ['road', 'river', 'water', 'landuse', 'building'] as const;
export type BasemapKind = (typeof BASEMAP_KINDS)[number];

export interface BasemapProps {
  kind: BasemapKind;
  name?: string;
  /** Roads: "main" | "secondary" | "minor" (drawn wider for main). Landuse: "industrial" | "residential" | "green". */
  class?: string;
}

export type CommunityFC = FeatureCollection<Areal, CommunityProps>;
export type GridFC = FeatureCollection<Areal, GridProps>;
export type MicroGridFC = FeatureCollection<Areal, MicroGridProps>;
export type EnterpriseFC = FeatureCollection<Point, EnterpriseProps>;
export type IncidentFC = FeatureCollection<Point, IncidentProps>;
export type PatrolFC = FeatureCollection<LineString, PatrolProps>;
export type BasemapFC = FeatureCollection<Geometry, BasemapProps>;
export type GridFeature = Feature<Areal, GridProps>;
export type MicroGridFeature = Feature<Areal, MicroGridProps>;
export type EnterpriseFeature = Feature<Point, EnterpriseProps>;

/** The file names of a dataset folder, as the contract names them. */
export const DATASET_FILES = [
  'community.geojson',
  'grids.geojson',
  'microgrids.geojson',
  'enterprises.geojson',
  'members.json',
  'incidents.geojson',
  'incidents.csv',
  'incidents.bin',
  'patrols.geojson',
  'basemap.geojson',
  /** basemap.geojson cut into vector tiles (`gridsight tiles`): what the maps draw when it is listed. */
  'basemap.pmtiles',
  /** Each month's patrol area coverage per grid, computed ahead (`gridsight pack`; geo/patrol-area). */
  'patrol-area.json',
] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

/** basemap.pmtiles' one vector layer (a vector source's `source-layer`), with basemap.geojson's properties. */
export const BASEMAP_TILE_LAYER = 'basemap';

/** dataset.json, written by the generator: lists the files present so the app requests only those. */
export interface DatasetManifest {
  name: string;
  files: DatasetFile[];
  /** Free text shown in the about box (e.g. "synthetic, generated with seed 7"). */
  description?: string;
  synthetic?: boolean;
  seed?: number;
}

/** One month's stored patrol area figures (patrol-area.json, geo/patrol-area): per grid code, [covered m², area m²]. */
export interface PatrolAreaMonth {
  month: string;
  radius: number;
  cell: number;
  /** geo/patrol-area's key of the grids and tracks the figures were computed from. */
  key: string;
  grids: Record<string, [number, number]>;
}

/** patrol-area.json as read. */
export interface PatrolAreaFile {
  format: 'gridsight-patrol-area';
  version: 1;
  months: PatrolAreaMonth[];
}

/** A loaded dataset: everything optional but what the tool at hand needs. */
export interface Dataset {
  manifest: DatasetManifest;
  community?: CommunityFC;
  grids?: GridFC;
  microGrids?: MicroGridFC;
  enterprises?: EnterpriseFC;
  members?: Member[];
  /** incidents.geojson's features. */
  incidents?: IncidentFC;
  /**
   * incidents.bin or incidents.csv, read straight into columns (a county's million rows never become feature objects). At most one
   * of `incidents` and `incidentColumns` is set; domain/incident-table's datasetIncidents gives either as a table.
   */
  incidentColumns?: IncidentTable;
  patrols?: PatrolFC;
  basemap?: BasemapFC;
  /** patrol-area.json: figures used by `stats` only when stored from exactly its grids and tracks (geo/patrol-area). */
  patrolArea?: PatrolAreaFile;
}
