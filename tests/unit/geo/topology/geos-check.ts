/** GEOS (tests/reference/geos.ts) as the referee for the topology's hand cases: areas, validity, union, overlap. */
import type { Areal } from '../../../../src/domain/types';
import { geosArea, geosErrors, geosValidity, loadGeos, projectAreal, toGeos, type Geos } from '../../../reference/geos';
import { proj } from './fixture';

export { loadGeos, type Geos };

/** GEOS area in m² (in the fixture's local metres). */
export function gArea(geos: Geos, g: Areal): number {
  const p = toGeos(geos, projectAreal(g, proj));
  try {
    return geosArea(geos, p);
  } finally {
    geos.GEOSGeom_destroy(p);
  }
}

/** GEOS area of the union of the geometries. */
export function gUnionArea(geos: Geos, gs: Areal[]): number {
  const ptrs = gs.map((g) => toGeos(geos, projectAreal(g, proj)));
  let acc = ptrs[0];
  for (let i = 1; i < ptrs.length; i++) {
    const next = geos.GEOSUnion(acc, ptrs[i]);
    if (!next) throw new Error(`GEOS union failed: ${geosErrors().join('; ')}`);
    if (i > 1) geos.GEOSGeom_destroy(acc);
    acc = next;
  }
  const a = geosArea(geos, acc);
  for (const p of ptrs) geos.GEOSGeom_destroy(p);
  if (ptrs.length > 1) geos.GEOSGeom_destroy(acc);
  return a;
}

/** GEOS area of the intersection of two geometries. */
export function gOverlap(geos: Geos, a: Areal, b: Areal): number {
  const pa = toGeos(geos, projectAreal(a, proj));
  const pb = toGeos(geos, projectAreal(b, proj));
  const i = geos.GEOSIntersection(pa, pb);
  if (!i) throw new Error(`GEOS intersection failed: ${geosErrors().join('; ')}`);
  const area = geosArea(geos, i);
  for (const p of [pa, pb, i]) geos.GEOSGeom_destroy(p);
  return area;
}

/** GEOS's validity verdict ('valid' or a reason). */
export function gValid(geos: Geos, g: Areal): string {
  return geosValidity(geos, g).reason;
}
