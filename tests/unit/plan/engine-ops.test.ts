/**
 * Hand cases per operation on the community dataset: codes, lineage, micro-grids following their grid, members
 * following their micro-grid, enterprises moving, areas (pieces add up to the whole, checked with GEOS), refusals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Areal, Dataset, GridFeature, MicroGridFeature } from '../../../src/domain/types';
import { PlanError } from '../../../src/domain/plan/types';
import { PlanSession } from '../../../src/geo/plan/session';
import { interiorPoint } from '../../../src/geo/plan/interior-point';
import { validateDataset } from '../../../src/geo/validate-dataset';
import { loadGeos, type Geos } from '../../reference/geos';
import { communityArea, gridVertexUse, loadZhihuiwan, WHO } from './plan-fixture';

const NOW = Date.parse('2026-11-21T00:00:00+08:00');
const G1 = '330424002012001';
const G4 = '330424002012004';
let dataset: Dataset;
let geos: Geos;
beforeAll(async () => {
  dataset = await loadZhihuiwan();
  geos = await loadGeos();
});

const session = () => new PlanSession(dataset, { now: NOW });
const grid = (s: PlanSession, code: string) => s.dataset().grids!.features.find((g) => g.properties.code === code)!;
const micros = (s: PlanSession, gridCode: string) => s.snapshot().microGrids.features.filter((m) => m.properties.gridCode === gridCode);

const area = (g: Areal) => communityArea(geos, dataset, g);

/** A horizontal line through a point inside the grid, long enough to cross it. */
function lineThrough(g: GridFeature): [number, number][] {
  const p = interiorPoint(g.geometry)!;
  return [
    [p[0] - 0.02, p[1]],
    [p[0] + 0.02, p[1]],
  ];
}

describe('split', () => {
  it('retires the grid, gives the pieces the next codes with lineage, and moves its micro-grids, members and enterprises', () => {
    const s = session();
    const g1 = grid(s, G1);
    const before = { micro: micros(s, G1).map((m) => m.properties.code), area: area(g1.geometry) };
    const e = s.apply({ op: 'split', grid: G1, line: lineThrough(g1) }, WHO);
    const pieces = e.effect.added.filter((c) => c.length === 15);
    expect(pieces).toEqual(['330424002012012', '330424002012013']);
    expect(e.effect.retired).toEqual(expect.arrayContaining([G1, ...before.micro]));
    expect(e.effect.retired).toHaveLength(1 + before.micro.length);
    expect(e.effect.cut!.length).toBeGreaterThan(0);
    const out = s.dataset();
    const old = out.grids!.features.find((g) => g.properties.code === G1)!;
    expect(old.properties.validTo).toBe('2026-11-20');
    expect(old.geometry).toEqual(g1.geometry); // history keeps the last geometry
    let sum = 0;
    for (const code of pieces) {
      const p = out.grids!.features.find((g) => g.properties.code === code)!;
      expect(p.properties).toMatchObject({ parentCodes: [G1], validFrom: '2026-11-20', validTo: null, communityCode: '330424002012' });
      sum += area(p.geometry);
    }
    expect(Math.abs(sum - before.area) / before.area).toBeLessThan(1e-9);
    // Every micro-grid of the old grid now sits under a piece, with a code extending the piece's.
    const moved = out.microGrids!.features.filter((m) => !m.properties.validTo && pieces.includes(m.properties.gridCode));
    for (const m of moved) expect(m.properties.code.startsWith(m.properties.gridCode)).toBe(true);
    expect(moved.length).toBe(before.micro.length + e.effect.cut!.length * 1 + (moved.length - before.micro.length - e.effect.cut!.length));
    expect(new Set(moved.flatMap((m) => m.properties.parentCodes))).toEqual(new Set(before.micro));
    // Micro-leaders of an uncut micro-grid follow it.
    const uncut = before.micro.find((c) => !e.effect.cut!.includes(c))!;
    const follower = moved.find((m) => m.properties.parentCodes!.includes(uncut))!;
    const leaders = out.members!.filter((m) => m.role === 'micro-leader' && m.microGridCode === follower.properties.code);
    expect(leaders).toHaveLength(2);
    expect(leaders.every((m) => m.gridCode === follower.properties.gridCode)).toBe(true);
    // The old grid's enterprises all move to the pieces; figures follow.
    const st = s.status();
    expect(st.changes.moves.length).toBe(st.changes.grids.find((r) => r.code === G1)!.before!.enterprises);
    expect(st.changes.moves.every((m) => m.from === G1 && pieces.includes(m.to!))).toBe(true);
    const after = st.changes.grids.filter((r) => pieces.includes(r.code)).map((r) => r.after!);
    expect(after.reduce((a, f) => a + f.enterprises, 0)).toBe(st.changes.moves.length);
    expect(after.every((f) => f.staff['grid-leader'] === 0)).toBe(true); // new grids start unstaffed
    // No coverage error by the full validator; staffing errors for the new grids and the old grid's members.
    const report = validateDataset(out, { now: NOW });
    expect(report.findings.filter((f) => f.rule !== 'staffing' && f.severity === 'error')).toEqual([]);
  });

  it('gives the same codes on replay, never a retired one', () => {
    const s = session();
    const line = lineThrough(grid(s, G1));
    const first = s.apply({ op: 'split', grid: G1, line }, WHO);
    s.undo();
    expect(s.apply({ op: 'split', grid: G1, line }, WHO).effect).toEqual(first.effect);
    // Splitting a piece again takes the next serial: 014, 015 (012 and 013 are taken).
    const piece = grid(s, '330424002012012');
    expect(s.apply({ op: 'split', grid: piece.properties.code, line: lineThrough(piece) }, WHO).effect.added.filter((c) => c.length === 15)).toEqual(['330424002012014', '330424002012015']);
  });

  it('never gives a code the dataset retired before, and keeps that unit in the files untouched', () => {
    const g1 = dataset.grids!.features.find((g) => g.properties.code === G1)!;
    const retired = { ...g1, properties: { ...g1.properties, code: '330424002012012', name: '旧网格', validFrom: '2024-01-01', validTo: '2025-06-01' } };
    const withHistory: Dataset = { ...dataset, grids: { ...dataset.grids!, features: [retired, ...dataset.grids!.features] } };
    const s = new PlanSession(withHistory, { now: NOW });
    const e = s.apply({ op: 'split', grid: G1, line: lineThrough(grid(s, G1)) }, WHO);
    expect(e.effect.added.filter((c) => c.length === 15)).toEqual(['330424002012013', '330424002012014']);
    const out = s.dataset().grids!.features;
    expect(out[0]).toBe(retired);
    expect(out.filter((g) => g.properties.code === '330424002012012')).toHaveLength(1);
  });

  it('re-stamps the dates of the units the draft added and retired when asked for another effective date', () => {
    const s = session();
    s.apply({ op: 'split', grid: G1, line: lineThrough(grid(s, G1)) }, WHO);
    const out = s.dataset('2026-12-01');
    const byCode = new Map(out.grids!.features.map((g) => [g.properties.code, g.properties]));
    expect(byCode.get(G1)!.validTo).toBe('2026-12-01');
    expect(byCode.get('330424002012012')!.validFrom).toBe('2026-12-01');
    expect(byCode.get(G4)!.validFrom).toBe('2025-01-01'); // untouched units keep theirs
    expect(out.microGrids!.features.filter((m) => m.properties.validFrom === '2026-11-20' || m.properties.validTo === '2026-11-20')).toEqual([]);
    expect(() => s.dataset('2026-13-01')).toThrow(/YYYY-MM-DD/);
  });

  it('refuses an effective date before the validFrom of a unit it would retire', () => {
    const s = new PlanSession(dataset, { now: NOW, effective: '2024-12-31' });
    expect(() => s.apply({ op: 'split', grid: G1, line: lineThrough(grid(s, G1)) }, WHO)).toThrow(
      '330424002012001 is valid from 2025-01-01: it cannot be retired on 2024-12-31, an earlier date',
    );
  });

  it('refuses a line that does not cross the grid, and a retired grid', () => {
    const s = session();
    const before = JSON.stringify(s.snapshot());
    expect(() => s.apply({ op: 'split', grid: G1, line: [[121.5, 30.1], [121.6, 30.1]] }, WHO)).toThrow(PlanError);
    s.apply({ op: 'split', grid: G1, line: lineThrough(grid(s, G1)) }, WHO);
    expect(() => s.apply({ op: 'split', grid: G1, line: lineThrough(grid(s, G1)) }, WHO)).toThrow(/grid 330424002012001 is retired/);
    s.undo();
    expect(JSON.stringify(s.snapshot())).toBe(before);
  });
});

describe('merge and revoke', () => {
  it('merges two adjacent grids into the next code; their micro-grids follow', () => {
    const s = session();
    const a = area(grid(s, G1).geometry) + area(grid(s, G4).geometry);
    const n = micros(s, G1).length + micros(s, G4).length;
    const e = s.apply({ op: 'merge', grids: [G1, G4] }, WHO);
    expect(e.effect.added[0]).toBe('330424002012012');
    const merged = grid(s, '330424002012012');
    expect(merged.properties.parentCodes).toEqual([G1, G4]);
    expect(Math.abs(area(merged.geometry) - a) / a).toBeLessThan(1e-9);
    expect(micros(s, '330424002012012')).toHaveLength(n);
    expect(micros(s, '330424002012012').map((m) => m.properties.code).sort()[n - 1]).toBe(`330424002012012${String(n).padStart(3, '0')}`);
    expect(s.status().changes.retired).toEqual(expect.arrayContaining([G1, G4]));
  });

  it('refuses grids that do not touch', () => {
    const s = session();
    const use = [...gridVertexUse(s.snapshot().grids.features).values()];
    const touching = (x: string, y: string) => use.some((v) => v.codes.includes(x) && v.codes.includes(y));
    const codes = s.snapshot().grids.features.map((g) => g.properties.code);
    const far = codes.find((c) => c !== G1 && !touching(G1, c))!;
    expect(far).toBeDefined();
    expect(() => s.apply({ op: 'merge', grids: [G1, far] }, WHO)).toThrow(PlanError);
    expect(() => s.apply({ op: 'revoke', grid: G1, into: far }, WHO)).toThrow(PlanError);
    expect(s.history).toEqual([]);
  });

  it('revokes a grid into its neighbour, which keeps its code and takes the micro-grids under new serials', () => {
    const s = session();
    const a = area(grid(s, G1).geometry) + area(grid(s, G4).geometry);
    const m4 = micros(s, G4).map((m) => m.properties.code).sort();
    const m1 = micros(s, G1).length;
    const e = s.apply({ op: 'revoke', grid: G1, into: G4 }, WHO);
    expect(e.effect.reshaped).toContain(G4);
    expect(e.effect.retired).toContain(G1);
    const into = grid(s, G4);
    expect(into.properties.validTo).toBeNull();
    expect(Math.abs(area(into.geometry) - a) / a).toBeLessThan(1e-9);
    const now = micros(s, G4).map((m) => m.properties.code).sort();
    expect(now.slice(0, m4.length)).toEqual(m4);
    const last = Number(m4[m4.length - 1].slice(-3));
    expect(now.slice(m4.length)).toEqual(Array.from({ length: m1 }, (_, i) => `${G4}${String(last + i + 1).padStart(3, '0')}`));
    const st = s.status();
    expect(st.changes.reshaped).toContain(G4);
    expect(st.changes.moves.every((m) => m.from === G1 && m.to === G4)).toBe(true);
  });
});

describe('micro-grids', () => {
  it('draws one inside a grid (clipped, not over others), splits, merges, marks and deletes micro-grids', () => {
    const s = session();
    const g1 = grid(s, G1);
    const p = interiorPoint(g1.geometry)!;
    const d = 0.0003;
    const e = s.apply({ op: 'add-microgrid', grid: G1, polygon: [[p[0] - d, p[1] - d], [p[0] + d, p[1] - d], [p[0] + d, p[1] + d], [p[0] - d, p[1] + d]], kind: 'park' }, WHO);
    const code = e.effect.added[0];
    expect(code).toBe(`${G1}${String(micros(session(), G1).length + 1).padStart(3, '0')}`);
    const added = s.snapshot().microGrids.features.find((m) => m.properties.code === code)! as MicroGridFeature;
    expect(added.properties).toMatchObject({ gridCode: G1, kind: 'park', validFrom: '2026-11-20', parentCodes: [] });
    expect(validateDataset(s.dataset(), { now: NOW }).findings.filter((f) => f.rule === 'microgrid-overlap' || f.rule === 'microgrid-outside-grid')).toEqual([]);
    // Split the new micro-grid, merge the pieces back under a new code, then delete it.
    const q = interiorPoint(added.geometry)!;
    const split = s.apply({ op: 'split-microgrid', code, line: [[q[0] - 0.01, q[1]], [q[0] + 0.01, q[1]]] }, WHO);
    expect(split.effect.retired).toEqual([code]);
    expect(split.effect.added).toHaveLength(2);
    const merged = s.apply({ op: 'merge-microgrids', codes: split.effect.added }, WHO);
    expect(merged.effect.retired.sort()).toEqual([...split.effect.added].sort());
    const m = merged.effect.added[0];
    expect(s.snapshot().microGrids.features.find((x) => x.properties.code === m)!.properties.kind).toBe('park');
    s.apply({ op: 'set-microgrid-kind', code: m, kind: null }, WHO);
    expect(s.snapshot().microGrids.features.find((x) => x.properties.code === m)!.properties.kind).toBeUndefined();
    s.apply({ op: 'delete-microgrid', code: m }, WHO);
    expect(s.snapshot().microGrids.features.some((x) => x.properties.code === m)).toBe(false);
    expect(s.dataset().microGrids!.features.find((x) => x.properties.code === m)!.properties.validTo).toBe('2026-11-20');
    const codes = s.dataset().microGrids!.features.map((f) => f.properties.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('refuses micro-grids of different grids to merge, and a micro-grid code that is not there', () => {
    const s = session();
    const a = micros(s, G1)[0].properties.code;
    const b = micros(s, G4)[0].properties.code;
    expect(() => s.apply({ op: 'merge-microgrids', codes: [a, b] }, WHO)).toThrow(/in different grids/);
    expect(() => s.apply({ op: 'delete-microgrid', code: '330424002012001999' }, WHO)).toThrow(/micro-grid 330424002012001999 is not in the draft/);
  });
});
