/**
 * The injector's working copy of a dataset: local-metre views of every ring, the places already used by a
 * defect (so defects stay apart and do not mix), and the records written so far.
 */
import type { Position } from 'geojson';
import turfBbox from '@turf/bbox';
import type { RuleId } from '../../domain/findings';
import type { CommunityFC, EnterpriseFC, GridFC, Member, MicroGridFC } from '../../domain/types';
import type { Rng } from '../../domain/random';
import { localProjection, type LocalProjection } from '../../geo/projection';
import { crossProperly, dist, inRing, openRing, closestOnRing, type XY } from './plane';

/** One injected defect, or one finding that follows from another (cascade). */
export interface DefectRecord {
  rule: RuleId;
  /** The codes the finding carries, sorted. */
  codes: string[];
  enterpriseId?: string;
  memberId?: string;
  description: { zh: string; en: string };
  /** Area of the piece, m², from the construction (area rules only). */
  expectedAreaM2?: number;
  /** Width of the piece, m (diameter of the largest inscribed circle), where it matters: the sliver. */
  expectedWidthM?: number;
  /** Narrower than the default tolerance (COVERAGE_TOLERANCE_M): must NOT be reported under this rule at it, must be below it. */
  belowTolerance?: true;
  /** Follows from another defect (the description says which). */
  cascade?: true;
  /** Where it is ([lon, lat]), for a reader with a map. */
  at?: [number, number];
}

export interface WorkInput {
  community: CommunityFC;
  grids: GridFC;
  microGrids: MicroGridFC;
  enterprises: EnterpriseFC;
  members: Member[];
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

export class Work {
  readonly proj: LocalProjection;
  readonly records: DefectRecord[] = [];
  /** Grid and micro-grid codes and enterprise ids a defect has claimed. */
  readonly used = new Set<string>();
  private readonly sites: XY[] = [];

  constructor(
    readonly data: WorkInput,
    readonly rng: Rng,
  ) {
    const [minX, minY, maxX, maxY] = turfBbox(data.community);
    this.proj = localProjection([(minX + maxX) / 2, (minY + maxY) / 2]);
  }

  local = (p: Position): XY => this.proj.toLocal(p);

  /** [lon, lat] rounded to 7 decimals, as the generator writes them. */
  lonLat = (p: XY): [number, number] => {
    const [x, y] = this.proj.toLonLat(p);
    return [round7(x), round7(y)];
  };

  /** The point as it will be stored (after rounding), in metres. */
  stored = (p: XY): XY => this.local(this.lonLat(p));

  /** The outer ring of a Polygon feature, open, in metres; null for anything else. */
  ring(f: { geometry: unknown }): XY[] | null {
    const g = f.geometry as { type: string; coordinates: Position[][] };
    if (g?.type !== 'Polygon') return null;
    return openRing(g.coordinates[0].map(this.local));
  }

  /** Replaces the outer ring of a Polygon feature (open ring in metres; written closed and rounded). */
  setRing(f: { geometry: unknown }, ring: XY[]): void {
    const g = f.geometry as { coordinates: Position[][] };
    const ll = ring.map(this.lonLat);
    g.coordinates[0] = [...ll, [...ll[0]]];
  }

  /** Keeps defects apart so their findings never merge. Default 150 m. */
  farFromSites(p: XY, min = 150): boolean {
    return this.sites.every((s) => dist(s, p) >= min);
  }

  site(p: XY): [number, number] {
    this.sites.push(p);
    return this.lonLat(p);
  }

  /** Every areal ring with its owner code (community, grids, micro-grids), in metres. */
  *rings(): Generator<{ code: string; ring: XY[] }> {
    for (const f of this.data.community.features)
      for (const r of ringsOf(f.geometry)) yield { code: f.properties.code, ring: r.map(this.local) };
    for (const f of this.data.grids.features)
      for (const r of ringsOf(f.geometry)) yield { code: f.properties.code, ring: r.map(this.local) };
    for (const f of this.data.microGrids.features)
      for (const r of ringsOf(f.geometry)) yield { code: f.properties.code, ring: r.map(this.local) };
  }

  /**
   * True when `region` (an open ring, the area a construction adds, removes or shares) holds no enterprise (nor
   * one within `margin` metres), no vertex of another ring, and its edges cross no other ring, the rings of the
   * `exempt` codes aside (those the construction means to touch).
   */
  clear(region: XY[], exempt: ReadonlySet<string> = new Set(), margin = 2): boolean {
    const xs = region.map((p) => p[0]);
    const ys = region.map((p) => p[1]);
    const box = [
      Math.min(...xs) - margin,
      Math.min(...ys) - margin,
      Math.max(...xs) + margin,
      Math.max(...ys) + margin,
    ];
    const inBox = (p: XY) => p[0] >= box[0] && p[0] <= box[2] && p[1] >= box[1] && p[1] <= box[3];
    for (const e of this.data.enterprises.features) {
      const p = this.local(e.geometry.coordinates);
      if (inBox(p) && (inRing(p, region) || closestOnRing(p, region).d < margin)) return false;
    }
    for (const { code, ring } of this.rings()) {
      if (exempt.has(code) || !boxesMeet(box, ring)) continue;
      const open = openRing(ring);
      for (const p of open) {
        if (region.some((q) => dist(p, q) < 1e-6)) continue;
        if (inRing(p, region)) return false;
      }
      for (let i = 0; i < region.length; i++) {
        const a = region[i];
        const b = region[(i + 1) % region.length];
        for (let j = 0; j < open.length; j++) {
          if (crossProperly(a, b, open[j], open[(j + 1) % open.length])) return false;
        }
      }
    }
    return true;
  }

  record(r: DefectRecord): void {
    this.records.push({ ...r, codes: [...r.codes].sort() });
  }
}

function boxesMeet(box: number[], ring: XY[]): boolean {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return x0 <= box[2] && x1 >= box[0] && y0 <= box[3] && y1 >= box[1];
}

function ringsOf(g: unknown): Position[][] {
  const geom = g as { type: string; coordinates: unknown };
  if (geom?.type === 'Polygon') return geom.coordinates as Position[][];
  if (geom?.type === 'MultiPolygon') return (geom.coordinates as Position[][][]).flat();
  return [];
}
