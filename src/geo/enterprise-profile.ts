/**
 * The enterprise card: one enterprise with the grid and micro-grid its point lies in (the boundaries decide, as for
 * the `stats` figures; the declared codes are kept beside them), the incidents about it, and the patrol tracks that
 * passed within the patrol radius of it. No personal data: members are named, never with their phone numbers.
 *
 * Cheap per call on a county (15k enterprises, 1M incidents, tens of thousands of tracks): the point-location
 * indexes, the enterprise and member look-ups and a flatbush over the tracks' bounding boxes are built once per
 * dataset (WeakMaps on its feature collections), the incidents are one pass over two typed columns, and only the
 * tracks whose bounding box comes within the radius are measured exactly.
 */
import Flatbush from 'flatbush';
import type { Feature, LineString, Position } from 'geojson';
import { incidentRecord, type IncidentRecord } from '../domain/incident-record';
import type { IncidentTable } from '../domain/incident-table';
import { activeFeatures } from '../domain/lineage';
import { PATROL_RADIUS_M } from '../domain/rules';
import { parseTime } from '../domain/time';
import type {
  Areal,
  Dataset,
  EnterpriseFeature,
  EnterpriseScale,
  LineageProps,
  Member,
  MemberRole,
  PatrolProps,
} from '../domain/types';
import { areaIndex, type AreaIndex } from './assign';
import { localProjection, type LocalProjection } from './projection';
import { bboxCenter, segmentDistance2 } from './patrol-coverage';

/** The most incidents and tracks a profile lists (the counts are of all of them). */
export const PROFILE_LIST_CAP = 50;

/** What a profile is computed from: the dataset and its incidents as columns (domain/incident-table). */
export interface EnterpriseProfileInput {
  dataset: Pick<Dataset, 'grids' | 'microGrids' | 'enterprises' | 'members' | 'patrols'>;
  /** datasetIncidents(dataset): the stats worker's engine and the wall's refresher hold one already. */
  incidents: IncidentTable;
}

export interface EnterpriseProfileOptions {
  /**
   * Metres: a track this close to the enterprise visited it, and, when the incidents name no enterprise at all, an
   * incident this close is listed. Default PATROL_RADIUS_M (domain/rules), so the card agrees with patrol coverage.
   */
  radiusM?: number;
  /** The most incidents and tracks listed. Default PROFILE_LIST_CAP. */
  listCap?: number;
}

export interface ProfilePatrol {
  id: string;
  memberId: string;
  /** The member's name, or null when members.json does not know the id. */
  memberName: string | null;
  role: MemberRole | null;
  /** The grid the track names. */
  gridCode: string;
  startedAt: string;
  endedAt: string | null;
  /** Metres from the enterprise to the nearest point of the track (the distance patrol coverage measures). */
  distanceM: number;
}

export interface EnterpriseProfile {
  id: string;
  name: string;
  scale: EnterpriseScale;
  industry: string | null;
  employees: number | null;
  lon: number;
  lat: number;
  /** The grid in force at asOf that contains the point (the first by code on a shared border), or null. */
  grid: { code: string; name: string } | null;
  /** The micro-grid in force at asOf that contains the point, or null. */
  microGrid: { code: string; name: string | null } | null;
  /** What enterprises.geojson declares (gridCode, microGridCode); a disagreement with the above is a finding. */
  declared: { gridCode: string | null; microGridCode: string | null };
  incidents: {
    /**
     * 'enterpriseId': the incidents naming this enterprise (the data links incidents to enterprises); 'distance':
     * the data links none (older data), so those within `radiusM` of the point are listed instead.
     */
    basis: 'enterpriseId' | 'distance';
    /** The radius of the 'distance' basis; null for 'enterpriseId'. */
    radiusM: number | null;
    /** All of them reported by asOf; `list` holds the newest `listCap`. */
    count: number;
    list: IncidentRecord[];
  };
  patrols: {
    radiusM: number;
    /** All tracks started by asOf that passed within `radiusM`; `list` holds the newest `listCap`. */
    count: number;
    list: ProfilePatrol[];
  };
}

/**
 * The profile of enterprise `enterpriseId` at `asOf` (epoch ms), or null when the dataset has no such enterprise.
 * Incidents reported and tracks started after asOf are left out; lists are newest first.
 * @example enterpriseProfile({ dataset, incidents: datasetIncidents(dataset) }, '91330424MA2…', asOf)?.grid?.code
 */
export function enterpriseProfile(
  input: EnterpriseProfileInput,
  enterpriseId: string,
  asOf: number,
  options: EnterpriseProfileOptions = {},
): EnterpriseProfile | null {
  const radius = options.radiusM ?? PATROL_RADIUS_M;
  const cap = options.listCap ?? PROFILE_LIST_CAP;
  if (!(radius >= 0 && Number.isFinite(radius)))
    throw new RangeError(`radiusM must be a number of metres ≥ 0, got ${radius}`);
  if (!(Number.isInteger(cap) && cap >= 0))
    throw new RangeError(`listCap must be a whole number ≥ 0, got ${cap}`);
  if (!Number.isFinite(asOf)) throw new RangeError(`asOf must be a time (epoch ms), got ${asOf}`);
  const { dataset, incidents } = input;
  const enterprises = dataset.enterprises;
  const e = enterprises ? enterpriseById(enterprises.features).get(enterpriseId) : undefined;
  if (!e) return null;
  const point = e.geometry.coordinates;
  const p = e.properties;
  const grid = unitAt(dataset.grids?.features, asOf, point);
  const micro = unitAt(dataset.microGrids?.features, asOf, point);
  return {
    id: p.id,
    name: p.name,
    scale: p.scale,
    industry: p.industry ?? null,
    employees: p.employees ?? null,
    lon: point[0],
    lat: point[1],
    grid: grid ? { code: grid.properties.code, name: grid.properties.name } : null,
    microGrid: micro ? { code: micro.properties.code, name: micro.properties.name ?? null } : null,
    declared: { gridCode: p.gridCode ?? null, microGridCode: p.microGridCode ?? null },
    incidents: enterpriseIncidents(incidents, enterpriseId, point, asOf, radius, cap),
    patrols: nearTracks(dataset, enterprises!.features, point, asOf, radius, cap),
  };
}

// ——— enterprises and units ———

const enterpriseMaps = new WeakMap<readonly EnterpriseFeature[], Map<string, EnterpriseFeature>>();

/** Enterprises by id, the first where an id is repeated (a validation finding). */
function enterpriseById(features: readonly EnterpriseFeature[]): Map<string, EnterpriseFeature> {
  let map = enterpriseMaps.get(features);
  if (!map) {
    map = new Map();
    for (const f of features) if (!map.has(f.properties.id)) map.set(f.properties.id, f);
    enterpriseMaps.set(features, map);
  }
  return map;
}

type Unit = Feature<Areal, { code: string } & LineageProps>;

/** Per unit list and asOf: the units in force and their point-location index (geo/assign, as `stats` uses it). */
const unitIndexes = new WeakMap<readonly Unit[], Map<number, { units: Unit[]; index: AreaIndex }>>();

/**
 * The unit in force at asOf containing the point: geo/assign's areaIndex over the units activeFeatures keeps,
 * which is what assignEnterprises (and so the `stats` figures) does for every enterprise.
 */
function unitAt<U extends Unit>(features: U[] | undefined, asOf: number, point: Position): U | null {
  if (!features) return null;
  let byMoment = unitIndexes.get(features);
  if (!byMoment) unitIndexes.set(features, (byMoment = new Map()));
  let entry = byMoment.get(asOf);
  if (!entry) {
    const units: Unit[] = activeFeatures(features, asOf);
    entry = { units, index: areaIndex(units, (f) => f.properties.code) };
    // A handful of moments at most (the dataset's asOf, or the clock for one without): keep the latest few.
    if (byMoment.size >= 4) byMoment.clear();
    byMoment.set(asOf, entry);
  }
  const i = entry.index.locateIndex(point);
  return i < 0 ? null : (entry.units[i] as U);
}

// ——— incidents ———

const enterpriseIndexes = new WeakMap<IncidentTable, Map<string, number>>();

function enterpriseIndexOf(table: IncidentTable, id: string): number {
  let map = enterpriseIndexes.get(table);
  if (!map) enterpriseIndexes.set(table, (map = new Map(table.enterpriseIds.map((e, k) => [e, k]))));
  return map.get(id) ?? -1;
}

function enterpriseIncidents(
  table: IncidentTable,
  enterpriseId: string,
  point: Position,
  asOf: number,
  radius: number,
  cap: number,
): EnterpriseProfile['incidents'] {
  const rows: number[] = [];
  const { reported } = table;
  const byId = table.enterpriseIds.length > 0;
  if (byId) {
    const k = enterpriseIndexOf(table, enterpriseId);
    const { enterprise } = table;
    if (k >= 0)
      for (let i = 0; i < table.n; i++) if (enterprise[i] === k && reported[i] <= asOf) rows.push(i);
  } else {
    // Metres in a projection centred on the enterprise: exact enough at 50 m (geo/projection).
    const [kx, ky] = localProjection([point[0], point[1]]).metresPerDegree;
    const dLon = radius / kx;
    const dLat = radius / ky;
    const [x0, y0] = point;
    const r2 = radius * radius;
    const { lon, lat } = table;
    for (let i = 0; i < table.n; i++) {
      const dx = lon[i] - x0;
      const dy = lat[i] - y0;
      if (dx < -dLon || dx > dLon || dy < -dLat || dy > dLat || reported[i] > asOf) continue;
      if ((dx * kx) ** 2 + (dy * ky) ** 2 <= r2) rows.push(i);
    }
  }
  // Newest first; the later row first among those reported at the same moment.
  rows.sort((a, b) => reported[b] - reported[a] || b - a);
  return {
    basis: byId ? 'enterpriseId' : 'distance',
    radiusM: byId ? null : radius,
    count: rows.length,
    list: rows.slice(0, cap).map((i) => incidentRecord(table, i, asOf)),
  };
}

// ——— patrol tracks ———

type Track = Feature<LineString, PatrolProps>;

interface TrackIndex {
  /** The projection patrol coverage measures in: centred on the bounding box of all the enterprises. */
  projection: LocalProjection;
  /** Flatbush over the tracks' bounding boxes in local metres (null: no track has a point). */
  boxes: Flatbush | null;
  /** The track of each box. */
  track: Int32Array;
  started: Float64Array;
}

const trackIndexes = new WeakMap<readonly Track[], WeakMap<readonly EnterpriseFeature[], TrackIndex>>();

function trackIndex(tracks: readonly Track[], enterprises: readonly EnterpriseFeature[]): TrackIndex {
  let byEnterprises = trackIndexes.get(tracks);
  if (!byEnterprises) trackIndexes.set(tracks, (byEnterprises = new WeakMap()));
  let index = byEnterprises.get(enterprises);
  if (index) return index;
  // geo/patrol-coverage's visitedEnterprises projects tracks and enterprises about the centre of the enterprises'
  // bounding box: measuring in the same projection makes "within the radius" the same answer to the last bit.
  const projection = localProjection(bboxCenter(enterprises.map((f) => f.geometry.coordinates)));
  const kept: number[] = [];
  const box: number[] = [];
  tracks.forEach((t, k) => {
    const c = t.geometry?.coordinates ?? [];
    if (c.length === 0) return;
    // The projection is x = (lon − lon0)·kx, y = (lat − lat0)·ky with kx, ky > 0: the box in degrees, projected
    // corner by corner, is the box in metres (without projecting a county's millions of track points).
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const q of c) {
      const x = q[0];
      const y = q[1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    const [x0, y0] = projection.toLocal([minX, minY]);
    const [x1, y1] = projection.toLocal([maxX, maxY]);
    kept.push(k);
    box.push(x0, y0, x1, y1);
  });
  let boxes: Flatbush | null = null;
  if (kept.length > 0) {
    boxes = new Flatbush(kept.length);
    for (let j = 0; j < kept.length; j++)
      boxes.add(box[4 * j], box[4 * j + 1], box[4 * j + 2], box[4 * j + 3]);
    boxes.finish();
  }
  const started = Float64Array.from(kept, (k) => parseTime(tracks[k].properties.startedAt));
  index = { projection, boxes, track: Int32Array.from(kept), started };
  byEnterprises.set(enterprises, index);
  return index;
}


/** Squared metres from (x, y) to the nearest point of the line (a one-point track is that point). */
function trackDistance2(
  coords: readonly Position[],
  projection: LocalProjection,
  x: number,
  y: number,
): number {
  let best = Infinity;
  let [ax, ay] = projection.toLocal(coords[0]);
  if (coords.length === 1) return segmentDistance2(x, y, ax, ay, ax, ay);
  for (let i = 1; i < coords.length; i++) {
    const [bx, by] = projection.toLocal(coords[i]);
    const d2 = segmentDistance2(x, y, ax, ay, bx, by);
    if (d2 < best) best = d2;
    ax = bx;
    ay = by;
  }
  return best;
}

const memberMaps = new WeakMap<readonly Member[], Map<string, Member>>();

function memberById(members: readonly Member[]): Map<string, Member> {
  let map = memberMaps.get(members);
  if (!map) {
    map = new Map();
    for (const m of members) if (!map.has(m.id)) map.set(m.id, m);
    memberMaps.set(members, map);
  }
  return map;
}

function nearTracks(
  dataset: EnterpriseProfileInput['dataset'],
  enterprises: readonly EnterpriseFeature[],
  point: Position,
  asOf: number,
  radius: number,
  cap: number,
): EnterpriseProfile['patrols'] {
  const tracks = dataset.patrols?.features ?? [];
  const found: { k: number; started: number; d2: number }[] = [];
  if (tracks.length > 0) {
    const { projection, boxes, track, started } = trackIndex(tracks, enterprises);
    const [x, y] = projection.toLocal(point);
    const r2 = radius * radius;
    for (const j of boxes ? boxes.search(x - radius, y - radius, x + radius, y + radius) : []) {
      if (!(started[j] <= asOf)) continue;
      const k = track[j];
      const d2 = trackDistance2(tracks[k].geometry.coordinates, projection, x, y);
      if (d2 <= r2) found.push({ k, started: started[j], d2 });
    }
  }
  found.sort((a, b) => b.started - a.started || b.k - a.k);
  const members = memberById(dataset.members ?? []);
  return {
    radiusM: radius,
    count: found.length,
    list: found.slice(0, cap).map(({ k, d2 }) => {
      const t = tracks[k].properties;
      const m = members.get(t.memberId);
      return {
        id: t.id,
        memberId: t.memberId,
        memberName: m?.name ?? null,
        role: m?.role ?? null,
        gridCode: t.gridCode,
        startedAt: t.startedAt,
        endedAt: t.endedAt ?? null,
        distanceM: Math.sqrt(d2),
      };
    }),
  };
}
