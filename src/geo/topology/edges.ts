/**
 * Inserting vertices into existing edges for every unit that shares the edge (either direction), so neighbours keep
 * sharing every vertex of their common border.
 */
import type { Draft } from './draft';
import { draftUnitsInBox } from './check';
import { EDGE_KEY, edgeKey } from './geom';

export interface EdgeInsert {
  a: number;
  b: number;
  /** New vertices in order from a to b. */
  ids: number[];
}

/** Puts into the draft every unit that has one of the edges, with the vertices inserted; their ids. */
export function insertIntoEdges(d: Draft, inserts: EdgeInsert[]): string[] {
  if (!inserts.length) return [];
  const byKey = new Map<number, number[]>();
  const ends = new Set<number>();
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const { a, b, ids } of inserts) {
    const lo = Math.min(a, b), hi = Math.max(a, b);
    const key = lo * EDGE_KEY + hi;
    ends.add(a);
    ends.add(b);
    const list = a < b ? ids : [...ids].reverse();
    const prev = byKey.get(key);
    if (prev) throw new Error(`insertIntoEdges: edge ${key} given twice`);
    byKey.set(key, list);
    for (const v of [a, b]) {
      const x = d.xy[2 * v], y = d.xy[2 * v + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  const touched: string[] = [];
  for (const u of draftUnitsInBox(d, [minX, minY, maxX, maxY])) {
    let changed = false;
    const polygons = u.polygons.map((poly) =>
      poly.map((ring) => {
        const n = ring.length;
        let any = false;
        for (let i = 0; i < n && !any; i++) any = ends.has(ring[i]);
        if (!any) return ring;
        let out: number[] | null = null;
        for (let i = 0; i < n; i++) {
          const p = ring[i], q = ring[(i + 1) % n];
          const mid = ends.has(p) && ends.has(q) ? byKey.get(edgeKey(p, q)) : undefined;
          if (mid && !out) out = Array.from(ring.subarray(0, i));
          if (out) {
            out.push(p);
            if (mid) out.push(...(p < q ? mid : [...mid].reverse()));
          }
        }
        if (!out) return ring;
        changed = true;
        return Int32Array.from(out);
      }),
    );
    if (changed) {
      d.put({ id: u.id, layer: u.layer, parent: u.parent, polygons });
      touched.push(u.id);
    }
  }
  return touched;
}
