import { describe, expect, it } from 'vitest';
import { parseOps, checkOps, PLAN_OP_NAMES } from '../../../src/domain/plan/parse-ops';
import { PlanError } from '../../../src/domain/plan/types';

const G1 = '330424002012001';
const G2 = '330424002012002';
const M1 = '330424002012001001';

function problem(text: string): string {
  try {
    parseOps(text, 'ops.json');
  } catch (e) {
    expect(e).toBeInstanceOf(PlanError);
    return (e as Error).message;
  }
  throw new Error('expected a PlanError');
}

describe('parseOps', () => {
  it('reads every operation of the contract', () => {
    const ops = [
      { op: 'move-vertex', from: [120.98, 30.6], to: [120.981, 30.6] },
      { op: 'move-vertices', moves: [{ from: [120.98, 30.6], to: [120.981, 30.6] }] },
      { op: 'insert-vertex', at: [120.98, 30.6] },
      { op: 'delete-vertex', at: [120.98, 30.6] },
      { op: 'split', grid: G1, line: [[120.98, 30.6], [120.99, 30.61]] },
      { op: 'merge', grids: [G1, G2] },
      { op: 'revoke', grid: G1, into: G2 },
      { op: 'add-microgrid', grid: G1, polygon: [[120.98, 30.6], [120.99, 30.6], [120.99, 30.61]], kind: 'park' },
      { op: 'delete-microgrid', code: M1 },
      { op: 'split-microgrid', code: M1, line: [[120.98, 30.6], [120.99, 30.61]] },
      { op: 'merge-microgrids', codes: [M1, '330424002012001002'] },
      { op: 'set-microgrid-kind', code: M1, kind: null },
      { op: 'assign-member', memberId: 'm1', gridCode: G1, role: 'micro-leader', microGridCode: M1 },
      { op: 'assign-member', memberId: 'm2', gridCode: G1, role: 'grid-leader' },
      {
        op: 'import-boundaries',
        layer: 'grid',
        units: [{ code: G1, name: 'x', geometry: { type: 'Polygon', coordinates: [[[120.98, 30.6], [120.99, 30.6], [120.99, 30.61], [120.98, 30.6]]] } }],
        source: 'grids.zip',
      },
    ];
    expect(new Set(ops.map((o) => o.op))).toEqual(new Set(PLAN_OP_NAMES));
    expect(parseOps(JSON.stringify(ops), 'ops.json')).toEqual(ops);
  });

  it('copies arrays: the records never alias the caller\'s JSON', () => {
    const raw = [{ op: 'insert-vertex', at: [120.98, 30.6] }];
    const [op] = checkOps(raw, 'x') as { at: number[] }[];
    expect(op.at).not.toBe(raw[0].at);
  });

  it('names the item, the operation and the field of each problem', () => {
    expect(problem('[{"op":"merge","grids":["330424002012001","330424002012002"]},{"op":"split","grid":"330424002012001","line":[[120.9,30.6]]}]')).toBe(
      'ops.json: item 2 (split): "line" needs at least 2 [lon, lat] pairs, got an array of 1',
    );
    expect(problem('[{"op":"explode"}]')).toMatch(/^ops\.json: item 1: "op" is "explode"; expected one of move-vertex, /);
    expect(problem('[{"op":"revoke","grid":"330424002012001","into":"330424002012001"}]')).toBe(
      'ops.json: item 1 (revoke): "into" must be another grid than 330424002012001',
    );
    expect(problem('[{"op":"merge","grids":["330424002012001","33042400201200"]}]')).toBe(
      'ops.json: item 1 (merge): "grids[1]" is "33042400201200", not a 15-digit grid code',
    );
    expect(problem('[{"op":"move-vertex","from":[120.9,30.6],"to":[300,30.6]}]')).toBe(
      'ops.json: item 1 (move-vertex): "to" [300, 30.6] is not a WGS84 [lon, lat]',
    );
    expect(problem('[{"op":"delete-microgrid","code":"330424002012001001","why":1}]')).toBe(
      'ops.json: item 1 (delete-microgrid): unknown key "why"',
    );
    expect(problem('[{"op":"add-microgrid","grid":"330424002012001","polygon":[[1,2],[1,2],[1,2]],"kind":"factory"}]')).toBe(
      'ops.json: item 1 (add-microgrid): "polygon" needs at least 3 distinct points; item 1 (add-microgrid): "kind" is "factory"; only "park" (小微园区) may be given',
    );
    expect(problem('[{"op":"assign-member","memberId":"m1","gridCode":"330424002012001","role":"micro-leader"}]')).toMatch(
      /"microGridCode" is missing/,
    );
    expect(problem('[{"op":"assign-member","memberId":"m1","gridCode":"330424002012001","role":"boss"}]')).toMatch(/"role" is "boss"; expected one of grid-leader/);
  });

  it('reports every problem of the list at once, five then a count', () => {
    const bad = Array.from({ length: 7 }, () => ({ op: 'insert-vertex' }));
    const text = problem(JSON.stringify(bad));
    expect(text).toContain('item 1 (insert-vertex): "at" is missing');
    expect(text).toContain('item 5 (insert-vertex)');
    expect(text).not.toContain('item 6');
    expect(text).toMatch(/; and 2 more$/);
  });

  it('refuses what is not a JSON array of objects', () => {
    expect(problem('{')).toMatch(/^ops\.json: not JSON \(/);
    expect(problem('{"op":"merge"}')).toBe('ops.json: expected a JSON array of operations, got an object');
    expect(problem('[1]')).toBe('ops.json: item 1: is 1, not an operation object');
    expect(parseOps('[]', 'ops.json')).toEqual([]);
  });
});
