/**
 * The topology's units by id, persistent: a flat map shared by many topologies plus a small overlay of the units an
 * edit put or removed. An operation on a county (≈ 6,000 units) then copies tens of entries, not thousands; the
 * overlay is folded into a new flat map once it holds more than FOLD_AT entries (so look-ups stay two probes).
 */
import type { TopoUnit } from './types';

const FOLD_AT = 128;

export class UnitMap implements ReadonlyMap<string, TopoUnit> {
  private constructor(
    /** The flat map, shared by every UnitMap made from it by `with` (the spatial index is cached per flat map). */
    readonly flat: ReadonlyMap<string, TopoUnit>,
    /** Units put (a unit) or removed (null) since `flat`. */
    readonly overlay: ReadonlyMap<string, TopoUnit | null>,
    readonly size: number,
  ) {}

  /** A map of the units (copied: the caller may keep changing its own). */
  static of(units: Iterable<TopoUnit>): UnitMap {
    const flat = new Map<string, TopoUnit>();
    for (const u of units) flat.set(u.id, u);
    return new UnitMap(flat, new Map(), flat.size);
  }

  /** The map itself when it is a UnitMap, else a UnitMap of its units. */
  static from(units: ReadonlyMap<string, TopoUnit>): UnitMap {
    return units instanceof UnitMap ? units : UnitMap.of(units.values());
  }

  /** This map with units put (a unit) or removed (null); this one is unchanged. */
  with(changes: Iterable<[string, TopoUnit | null]>): UnitMap {
    const overlay = new Map(this.overlay);
    let size = this.size;
    for (const [id, u] of changes) {
      const had = this.has(id);
      if (u) {
        if (u.id !== id) throw new Error(`UnitMap: unit ${u.id} put under id ${id}`);
        if (!had) size++;
        overlay.set(id, u);
      } else if (had) {
        size--;
        if (this.flat.has(id)) overlay.set(id, null);
        else overlay.delete(id);
      }
    }
    if (overlay.size <= FOLD_AT) return new UnitMap(this.flat, overlay, size);
    const flat = new Map<string, TopoUnit>();
    for (const [id, u] of this.flat) if (!overlay.has(id)) flat.set(id, u);
    for (const [id, u] of overlay) if (u) flat.set(id, u);
    return new UnitMap(flat, new Map(), size);
  }

  get(id: string): TopoUnit | undefined {
    const o = this.overlay.get(id);
    if (o !== undefined) return o ?? undefined;
    return this.flat.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  *entries(): MapIterator<[string, TopoUnit]> {
    for (const [id, u] of this.flat) if (!this.overlay.has(id)) yield [id, u];
    for (const [id, u] of this.overlay) if (u) yield [id, u];
  }

  *keys(): MapIterator<string> {
    for (const [id] of this.entries()) yield id;
  }

  *values(): MapIterator<TopoUnit> {
    for (const [, u] of this.entries()) yield u;
  }

  [Symbol.iterator](): MapIterator<[string, TopoUnit]> {
    return this.entries();
  }

  forEach(fn: (value: TopoUnit, key: string, map: ReadonlyMap<string, TopoUnit>) => void, thisArg?: unknown): void {
    for (const [id, u] of this.entries()) fn.call(thisArg, u, id, this);
  }
}
