import { describe, expect, it } from 'vitest';
import type { Feature } from 'geojson';
import { unitDiff } from '../../../src/composables/usePlanLayers';

const unit = (code: string, ring: number[][], extra: Record<string, unknown> = {}): Feature => ({
  type: 'Feature',
  properties: { code, ...extra },
  geometry: { type: 'Polygon', coordinates: [ring] },
});
const SQ = [[0, 0], [1, 0], [1, 1], [0, 0]];
const byCode = (...fs: Feature[]) => new Map(fs.map((f) => [String(f.properties?.code), f]));

describe('unitDiff', () => {
  it('sends nothing for units equal in value (new objects from the worker)', () => {
    const before = byCode(unit('a', SQ), unit('b', SQ));
    const after = byCode(unit('a', SQ.map((p) => [...p])), unit('b', SQ));
    expect(unitDiff(before, after, new Set())).toEqual({ remove: [], add: [] });
  });

  it('sends the units removed, added and changed (one coordinate, or a property)', () => {
    const before = byCode(unit('a', SQ), unit('b', SQ), unit('c', SQ), unit('d', SQ));
    const moved = [[0, 0], [1, 0], [1, 1.5], [0, 0]];
    const after = byCode(unit('a', SQ), unit('c', moved), unit('d', SQ, { colour: '#fff' }), unit('e', SQ));
    const diff = unitDiff(before, after, new Set())!;
    expect(diff.remove).toEqual(['b']);
    expect(diff.add.map((f) => f.properties?.code)).toEqual(['c', 'd', 'e']);
  });

  it('sends a forced unit again (a drag preview changed it on the map)', () => {
    const before = byCode(unit('a', SQ), unit('b', SQ));
    expect(unitDiff(before, byCode(unit('a', SQ), unit('b', SQ)), new Set(['b']))!.add.map((f) => f.properties?.code)).toEqual(['b']);
  });

  it('gives null when the kept units change order or a new unit comes before a kept one (only setData keeps the order)', () => {
    const before = byCode(unit('a', SQ), unit('b', SQ));
    expect(unitDiff(before, byCode(unit('b', SQ), unit('a', SQ)), new Set())).toBeNull();
    expect(unitDiff(before, byCode(unit('a', SQ), unit('n', SQ), unit('b', SQ)), new Set())).toBeNull();
  });
});
