/**
 * Random planner operations for the property tests and the benchmark: each drawn from the draft as it is (a vertex
 * that is there, two grids that touch, a line across a grid), so most apply; the engine refuses the rest.
 */
import type { Position } from 'geojson';
import type { Rng } from '../../../src/domain/random';
import type { Areal, Dataset, GridFeature, Member, MicroGridFeature } from '../../../src/domain/types';
import type { LonLat, PlanOp } from '../../../src/domain/plan/types';
import type { PlanSession } from '../../../src/geo/plan/session';
import { interiorPoint } from '../../../src/geo/plan/interior-point';

const key = (p: Position) => `${p[0]},${p[1]}`;
const polygons = (g: Areal) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/** Community boundary vertices: fixed, never drawn. */
export function fixedVertices(dataset: Dataset): Set<string> {
  const out = new Set<string>();
  for (const c of dataset.community!.features) for (const poly of polygons(c.geometry)) for (const r of poly) for (const p of r) out.add(key(p));
  return out;
}

/** Vertices of the units with the codes that use each. */
function vertexUse(units: { properties: { code: string }; geometry: Areal }[]): Map<string, { at: LonLat; codes: string[] }> {
  const out = new Map<string, { at: LonLat; codes: string[] }>();
  for (const u of units) {
    const seen = new Set<string>();
    for (const poly of polygons(u.geometry)) {
      for (const ring of poly) {
        for (const p of ring) {
          const k = key(p);
          if (seen.has(k)) continue;
          seen.add(k);
          (out.get(k) ?? out.set(k, { at: [p[0], p[1]], codes: [] }).get(k)!).codes.push(u.properties.code);
        }
      }
    }
  }
  return out;
}

function bboxDiag(g: Areal): { box: [number, number, number, number]; diag: number } {
  let [a, b, c, d] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of polygons(g)) for (const p of poly[0]) {
    a = Math.min(a, p[0]);
    b = Math.min(b, p[1]);
    c = Math.max(c, p[0]);
    d = Math.max(d, p[1]);
  }
  return { box: [a, b, c, d], diag: Math.hypot(c - a, d - b) };
}

/** A straight line through a point strictly inside the unit, in a random direction, well beyond it both ways. */
function lineAcross(rng: Rng, g: Areal): LonLat[] | null {
  const p = interiorPoint(g);
  if (!p) return null;
  const { diag } = bboxDiag(g);
  const t = rng.float(0, Math.PI);
  const [dx, dy] = [Math.cos(t) * diag * 1.2, Math.sin(t) * diag * 1.2];
  return [
    [p[0] - dx, p[1] - dy],
    [p[0] + dx, p[1] + dy],
  ];
}

export const OP_WEIGHTS: [PlanOp['op'], number][] = [
  ['move-vertex', 4],
  ['insert-vertex', 1],
  ['delete-vertex', 1],
  ['split', 2],
  ['merge', 1],
  ['revoke', 1],
  ['add-microgrid', 2],
  ['delete-microgrid', 1],
  ['split-microgrid', 1],
  ['merge-microgrids', 1],
  ['set-microgrid-kind', 1],
  ['assign-member', 1],
];

/** One operation drawn from the draft as it is, or null when none of that kind can be drawn. */
export function randomOp(rng: Rng, session: PlanSession, fixed: ReadonlySet<string>, members: readonly Member[]): PlanOp | null {
  const { grids, microGrids } = session.snapshot();
  const gs = grids.features as GridFeature[];
  const ms = microGrids.features as MicroGridFeature[];
  const kind = OP_WEIGHTS[rng.weighted(OP_WEIGHTS.map(([, w]) => w))][0];
  const innerGridVertices = () => [...vertexUse(gs).entries()].filter(([k]) => !fixed.has(k)).map(([, v]) => v);
  switch (kind) {
    case 'move-vertex': {
      const vs = innerGridVertices();
      if (!vs.length) return null;
      const v = rng.pick(vs);
      // 1–5 m in a random direction (≈ 1e-5 degrees per metre here).
      const r = rng.float(1e-5, 5e-5);
      const t = rng.float(0, 2 * Math.PI);
      return { op: 'move-vertex', from: v.at, to: [v.at[0] + r * Math.cos(t), v.at[1] + r * Math.sin(t)] };
    }
    case 'insert-vertex': {
      const g = rng.pick(gs);
      const ring = polygons(g.geometry)[0][0];
      const i = rng.int(0, ring.length - 2);
      return { op: 'insert-vertex', at: [(ring[i][0] + ring[i + 1][0]) / 2, (ring[i][1] + ring[i + 1][1]) / 2] };
    }
    case 'delete-vertex': {
      const vs = innerGridVertices().filter((v) => v.codes.length <= 2);
      return vs.length ? { op: 'delete-vertex', at: rng.pick(vs).at } : null;
    }
    case 'split': {
      const g = rng.pick(gs);
      const line = lineAcross(rng, g.geometry);
      return line ? { op: 'split', grid: g.properties.code, line } : null;
    }
    case 'merge':
    case 'revoke': {
      const pairs = innerGridVertices().filter((v) => v.codes.length === 2);
      if (!pairs.length) return null;
      const [a, b] = rng.pick(pairs).codes;
      return kind === 'merge' ? { op: 'merge', grids: [a, b] } : { op: 'revoke', grid: a, into: b };
    }
    case 'add-microgrid': {
      const g = rng.pick(gs);
      const p = interiorPoint(g.geometry);
      if (!p) return null;
      const s = rng.float(1e-4, 4e-4); // ≈ 10–40 m
      const polygon: LonLat[] = [
        [p[0] - s, p[1] - s],
        [p[0] + s, p[1] - s],
        [p[0] + s, p[1] + s],
        [p[0] - s, p[1] + s],
      ];
      return rng.chance(0.2) ? { op: 'add-microgrid', grid: g.properties.code, polygon, kind: 'park' } : { op: 'add-microgrid', grid: g.properties.code, polygon };
    }
    case 'delete-microgrid':
      return ms.length ? { op: 'delete-microgrid', code: rng.pick(ms).properties.code } : null;
    case 'split-microgrid': {
      if (!ms.length) return null;
      const m = rng.pick(ms);
      const line = lineAcross(rng, m.geometry);
      return line ? { op: 'split-microgrid', code: m.properties.code, line } : null;
    }
    case 'merge-microgrids': {
      const byGrid = new Map<string, MicroGridFeature[]>();
      for (const m of ms) (byGrid.get(m.properties.gridCode) ?? byGrid.set(m.properties.gridCode, []).get(m.properties.gridCode)!).push(m);
      const pairs: [string, string][] = [];
      for (const list of byGrid.values()) {
        const use = vertexUse(list);
        const seen = new Map<string, number>();
        for (const v of use.values()) {
          if (v.codes.length !== 2) continue;
          const k = [...v.codes].sort().join(' ');
          seen.set(k, (seen.get(k) ?? 0) + 1);
        }
        for (const [k, n] of seen) if (n >= 2) pairs.push(k.split(' ') as [string, string]);
      }
      return pairs.length ? { op: 'merge-microgrids', codes: rng.pick(pairs) } : null;
    }
    case 'set-microgrid-kind': {
      if (!ms.length) return null;
      const m = rng.pick(ms);
      return { op: 'set-microgrid-kind', code: m.properties.code, kind: m.properties.kind === 'park' ? null : 'park' };
    }
    case 'assign-member': {
      if (ms.length && rng.chance(0.4)) {
        // A micro-grid leader to another micro-grid (of any grid).
        const m = rng.pick(members.filter((x) => x.role === 'micro-leader'));
        const target = rng.pick(ms);
        if (!m) return null;
        return { op: 'assign-member', memberId: m.id, gridCode: target.properties.gridCode, role: 'micro-leader', microGridCode: target.properties.code };
      }
      const m = rng.pick(members.filter((x) => x.role !== 'micro-leader'));
      const g = rng.pick(gs);
      if (!m) return null;
      return { op: 'assign-member', memberId: m.id, gridCode: g.properties.code, role: m.role };
    }
    default:
      return null;
  }
}
