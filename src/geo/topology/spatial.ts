/**
 * The spatial index of a topology: a flatbush over the units' bboxes, built on first use and cached per flat unit
 * map (a WeakMap, so it goes with the topologies that share it): an edit's few changed units are tested one by one
 * on top of it until the unit map folds them in (see unit-map.ts). Vertex and edge look-ups then scan only the rings
 * of the units near the point.
 */
import Flatbush from 'flatbush';
import type { Topology, TopoUnit } from './types';
import { UnitMap } from './unit-map';

interface UnitIndex {
  index: Flatbush | null;
  units: TopoUnit[];
}

/** Indexes by flat unit map: every topology made from the same flat map by small edits shares one. */
const cache = new WeakMap<object, UnitIndex>();

function indexOf(units: Iterable<TopoUnit>, key: object): UnitIndex {
  let entry = cache.get(key);
  if (entry) return entry;
  const list = [...units];
  let index: Flatbush | null = null;
  if (list.length) {
    index = new Flatbush(list.length);
    for (const u of list) index.add(u.bbox[0], u.bbox[1], u.bbox[2], u.bbox[3]);
    index.finish();
  }
  entry = { index, units: list };
  cache.set(key, entry);
  return entry;
}

/**
 * Units whose bbox meets the box (lon/lat).
 * @example unitsInBox(t, 121.0, 30.5, 121.01, 30.51).map((u) => u.id)
 */
export function unitsInBox(t: Topology, minX: number, minY: number, maxX: number, maxY: number): TopoUnit[] {
  const units = t.units;
  // A UnitMap: the flat map's index, minus what the overlay changed, plus the overlay's units tested one by one.
  const flat = units instanceof UnitMap ? units.flat : units;
  const overlay = units instanceof UnitMap ? units.overlay : null;
  const { index, units: list } = indexOf(flat.values(), flat);
  const out: TopoUnit[] = [];
  if (index) {
    for (const i of index.search(minX, minY, maxX, maxY)) {
      const u = list[i];
      if (!overlay || !overlay.has(u.id)) out.push(u);
    }
  }
  if (overlay) {
    for (const u of overlay.values()) {
      if (u && u.bbox[0] <= maxX && u.bbox[2] >= minX && u.bbox[1] <= maxY && u.bbox[3] >= minY) out.push(u);
    }
  }
  return out;
}

/** The box around (x, y) reaching `radiusM` metres each way, in degrees. */
export function boxAround(t: Topology, x: number, y: number, radiusM: number): [number, number, number, number] {
  const dx = radiusM / t.metresPerDegree[0];
  const dy = radiusM / t.metresPerDegree[1];
  return [x - dx, y - dy, x + dx, y + dy];
}

/**
 * Units whose rings use vertex v (the units a move of it reshapes).
 * @example unitsUsing(t, findVertex(t, [121.1, 30.5])).map((u) => u.id) // ['…001', '…002']
 */
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
