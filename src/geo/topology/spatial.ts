/**
 * The spatial index of a topology: a flatbush over the units' bboxes, built on first use and cached per topology
 * object (a WeakMap, so it goes with the topology). Units are a few thousand even on a county, so a rebuild after an
 * edit costs about a millisecond; vertex and edge look-ups then scan only the rings of the units near the point.
 */
import Flatbush from 'flatbush';
import type { Topology, TopoUnit } from './types';

interface UnitIndex {
  index: Flatbush | null;
  units: TopoUnit[];
}

const cache = new WeakMap<Topology, UnitIndex>();

function unitIndex(t: Topology): UnitIndex {
  let entry = cache.get(t);
  if (entry) return entry;
  const units = [...t.units.values()];
  let index: Flatbush | null = null;
  if (units.length) {
    index = new Flatbush(units.length);
    for (const u of units) index.add(u.bbox[0], u.bbox[1], u.bbox[2], u.bbox[3]);
    index.finish();
  }
  entry = { index, units };
  cache.set(t, entry);
  return entry;
}

/** Units whose bbox meets the box (lon/lat). */
export function unitsInBox(t: Topology, minX: number, minY: number, maxX: number, maxY: number): TopoUnit[] {
  const { index, units } = unitIndex(t);
  if (!index) return [];
  return index.search(minX, minY, maxX, maxY).map((i) => units[i]);
}

/** The box around (x, y) reaching `radiusM` metres each way, in degrees. */
export function boxAround(t: Topology, x: number, y: number, radiusM: number): [number, number, number, number] {
  const dx = radiusM / t.metresPerDegree[0];
  const dy = radiusM / t.metresPerDegree[1];
  return [x - dx, y - dy, x + dx, y + dy];
}

/** Units whose rings use vertex v. */
export function unitsUsing(t: Topology, v: number): TopoUnit[] {
  const x = t.xy[2 * v];
  const y = t.xy[2 * v + 1];
  const out: TopoUnit[] = [];
  for (const u of unitsInBox(t, x, y, x, y)) {
    search: for (const poly of u.polygons) {
      for (const ring of poly) {
        if (ring.indexOf(v) >= 0) {
          out.push(u);
          break search;
        }
      }
    }
  }
  return out;
}
