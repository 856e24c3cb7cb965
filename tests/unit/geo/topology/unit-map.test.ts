import { describe, expect, it } from 'vitest';
import { UnitMap } from '../../../../src/geo/topology/unit-map';
import type { TopoUnit } from '../../../../src/geo/topology';

const unit = (id: string, n = 0): TopoUnit => ({ id, layer: 'grid', parent: null, polygons: [[Int32Array.from([n, n + 1, n + 2])]], bbox: [0, 0, 1, 1] });

describe('UnitMap', () => {
  it('puts and removes without touching the map it came from, and folds a large overlay', () => {
    const m0 = UnitMap.of([unit('a'), unit('b')]);
    const m1 = m0.with([['c', unit('c')], ['a', null]]);
    expect([...m0.keys()].sort()).toEqual(['a', 'b']);
    expect([...m1.keys()].sort()).toEqual(['b', 'c']);
    expect(m1.size).toBe(2);
    expect(m1.has('a')).toBe(false);
    expect(m1.get('c')?.id).toBe('c');
    // Removing what only the overlay had, putting back what the flat map had.
    const m2 = m1.with([['c', null], ['a', unit('a', 5)]]);
    expect([...m2.keys()].sort()).toEqual(['a', 'b']);
    expect(m2.get('a')?.polygons[0][0][0]).toBe(5);
    expect(m2.size).toBe(2);
    // Removing a unit that is not there changes nothing.
    expect(m2.with([['zz', null]]).size).toBe(2);
    // More than 128 changes: folded into a new flat map, same contents.
    const many = m2.with(Array.from({ length: 200 }, (_, i): [string, TopoUnit] => [`u${i}`, unit(`u${i}`)]));
    expect(many.overlay.size).toBe(0);
    expect(many.size).toBe(202);
    expect(new Map(many).get('u199')?.id).toBe('u199');
    let n = 0;
    many.forEach(() => n++);
    expect(n).toBe(202);
    expect(() => m0.with([['x', unit('y')]])).toThrow(/put under id/);
  });
});
