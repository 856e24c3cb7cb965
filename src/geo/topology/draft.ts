/**
 * A working copy for one operation: coordinates copied on first write, units put or removed by id. `finish` makes the
 * new topology and the patch that undoes it; nothing of the input topology is ever written.
 */
import type { Edit, Topology, TopoPatch, TopoUnit } from './types';
import { withBbox } from './geom';
import { UnitMap } from './unit-map';

export class Draft {
  xy: Float64Array;
  vertexCount: number;
  private copied = false;
  /** Original coordinates of vertices below the input's count that were changed. */
  private readonly oldXy = new Map<number, [number, number]>();
  /** Units put (a unit) or removed (null), by id. */
  readonly changed = new Map<string, TopoUnit | null>();

  constructor(readonly base: Topology) {
    this.xy = base.xy;
    this.vertexCount = base.vertexCount;
  }

  private own(extra: number): void {
    const need = 2 * (this.vertexCount + extra);
    if (this.copied && need <= this.xy.length) return;
    // Room for a few hundred new vertices, so an operation copies the table once; `finish` hands out a view.
    const cap = Math.max(need + 512, this.copied ? this.xy.length * 2 : 0);
    const next = new Float64Array(cap);
    next.set(this.xy.subarray(0, 2 * this.vertexCount));
    this.xy = next;
    this.copied = true;
  }

  /** A new vertex at (x, y); its id. */
  addVertex(x: number, y: number): number {
    this.own(1);
    const v = this.vertexCount++;
    this.xy[2 * v] = x;
    this.xy[2 * v + 1] = y;
    return v;
  }

  setVertex(v: number, x: number, y: number): void {
    this.own(0);
    if (v < this.base.vertexCount && !this.oldXy.has(v)) this.oldXy.set(v, [this.base.xy[2 * v], this.base.xy[2 * v + 1]]);
    this.xy[2 * v] = x;
    this.xy[2 * v + 1] = y;
  }

  /** The unit as it stands in the draft. */
  unit(id: string): TopoUnit | undefined {
    if (this.changed.has(id)) return this.changed.get(id) ?? undefined;
    return this.base.units.get(id);
  }

  /** Puts a unit (its bbox recomputed from the draft's coordinates when finishing). */
  put(unit: Omit<TopoUnit, 'bbox'> & { bbox?: TopoUnit['bbox'] }): void {
    this.changed.set(unit.id, unit as TopoUnit);
  }

  remove(id: string): void {
    this.changed.set(id, null);
  }

  /** The new topology, its inverse patch and the ids added / removed / reshaped. */
  finish(extraReshaped: Iterable<string> = []): Edit {
    const base = this.base;
    // The draft's own buffer (nobody else holds it), viewed at its exact length: no second copy.
    const xy = this.copied ? this.xy.subarray(0, Math.max(2 * this.vertexCount, 2)) : base.xy;
    const puts: [string, TopoUnit | null][] = [];
    const added: string[] = [];
    const removed: string[] = [];
    const reshaped = new Set<string>();
    const putBack: TopoUnit[] = [];
    const takeOut: string[] = [];
    for (const [id, u] of this.changed) {
      const before = base.units.get(id);
      if (u) {
        puts.push([id, withBbox(u, xy)]);
        if (before) {
          reshaped.add(id);
          putBack.push(before);
        } else {
          added.push(id);
          takeOut.push(id);
        }
      } else if (before) {
        puts.push([id, null]);
        removed.push(id);
        putBack.push(before);
      }
    }
    const units = UnitMap.from(base.units).with(puts);
    for (const id of extraReshaped) if (units.has(id) && base.units.has(id) && !this.changed.has(id)) reshaped.add(id);
    const ids = new Int32Array(this.oldXy.size);
    const old = new Float64Array(2 * this.oldXy.size);
    let i = 0;
    for (const [v, [x, y]] of this.oldXy) {
      ids[i] = v;
      old[2 * i] = x;
      old[2 * i + 1] = y;
      i++;
    }
    const topology: Topology = { xy, vertexCount: this.vertexCount, units, snapM: base.snapM, metresPerDegree: base.metresPerDegree };
    const inverse: TopoPatch = { vertexCount: base.vertexCount, vertexIds: ids, vertexXy: old, units: putBack, remove: takeOut };
    return { topology, inverse, added: added.sort(), removed: removed.sort(), reshaped: [...reshaped].sort() };
  }
}
