/**
 * Geometric defects (issue 3): each one a small, exactly known change to one grid or micro-grid, placed where it
 * touches no enterprise and no other unit, so it produces exactly the finding it documents.
 */
import type { Position } from 'geojson';
import type { GridFeature, MicroGridFeature } from '../../domain/types';
import { COVERAGE_TOLERANCE_M } from '../../domain/rules';
import { add, area, clipConvex, closestOnRing, dist, inRing, leftNormal, lerp, type XY } from './plane';
import type { Work } from './work';

const key = (p: Position) => `${p[0]},${p[1]}`;
const round2 = (x: number) => Math.round(x * 100) / 100;

interface BorderVertex {
  a: GridFeature;
  b: GridFeature;
  /** Index of V in a's open ring. */
  i: number;
  u: XY;
  v: XY;
  w: XY;
}

/** Vertex owners by exact coordinates, and the community boundary's vertices. */
function vertexOwners(work: Work) {
  const owners = new Map<string, Set<string>>();
  for (const g of work.data.grids.features) {
    if (g.geometry.type !== 'Polygon') continue;
    for (const p of g.geometry.coordinates[0]) {
      const k = key(p);
      (owners.get(k) ?? owners.set(k, new Set()).get(k)!).add(g.properties.code);
    }
  }
  const boundary = new Set<string>();
  for (const c of work.data.community.features) {
    const rings = c.geometry.type === 'Polygon' ? c.geometry.coordinates : c.geometry.coordinates.flat();
    for (const r of rings) for (const p of r) boundary.add(key(p));
  }
  return { owners, boundary };
}

const openLL = (g: GridFeature | MicroGridFeature): Position[] => {
  const r = (g.geometry as { coordinates: Position[][] }).coordinates[0];
  return r.slice(0, -1);
};

/** Neighbour indices in an open ring. */
const around = (n: number, i: number) => [(i - 1 + n) % n, (i + 1) % n];

/**
 * Vertices V of grid a with both ring neighbours U, W, all three shared with exactly one other grid b (U-V-W
 * consecutive in b too) and none on the community boundary: V lies inside a plain two-grid border.
 */
function borderVertices(work: Work): BorderVertex[] {
  const { owners, boundary } = vertexOwners(work);
  const byCode = new Map(work.data.grids.features.map((g) => [g.properties.code, g]));
  const out: BorderVertex[] = [];
  for (const a of work.data.grids.features) {
    if (a.geometry.type !== 'Polygon') continue;
    const ra = openLL(a);
    for (let i = 0; i < ra.length; i++) {
      const [h, j] = around(ra.length, i);
      const ks = [key(ra[h]), key(ra[i]), key(ra[j])];
      if (ks.some((k) => boundary.has(k) || owners.get(k)?.size !== 2)) continue;
      const other = [...owners.get(ks[1])!].find((c) => c !== a.properties.code)!;
      if (!ks.every((k) => owners.get(k)!.has(other))) continue;
      const b = byCode.get(other);
      if (!b || b.geometry.type !== 'Polygon') continue;
      const rb = openLL(b);
      const at = rb.findIndex((p) => key(p) === ks[1]);
      const nb = around(rb.length, at).map((x) => key(rb[x]));
      if (!(nb.includes(ks[0]) && nb.includes(ks[2]))) continue;
      out.push({ a, b, i, u: work.local(ra[h]), v: work.local(ra[i]), w: work.local(ra[j]) });
    }
  }
  return out;
}

/** Moves vertex V of grid a by `metres` along the normal of UW, into b (`into` "b") or into a itself. */
function moveBorderVertex(work: Work, into: 'a' | 'b', metres: number, margin = 2) {
  for (const c of spread(work, work.rng.shuffle(borderVertices(work)))) {
    if (!work.farFromSites(c.v)) continue;
    const target = work.ring(into === 'a' ? c.a : c.b)!;
    let n = leftNormal(c.u, c.w);
    if (!inRing(add(c.v, n, Math.min(1, metres / 2)), target)) n = [-n[0], -n[1]];
    const v2 = work.stored(add(c.v, n, metres));
    const region = [c.u, v2, c.w, c.v];
    if (!inRing(v2, target) || !work.clear(region, new Set(), margin)) continue;
    const ring = work.ring(c.a)!;
    ring[c.i] = v2;
    work.setRing(c.a, ring);
    touch(work, c.a, c.b);
    return { ...c, v2, areaM2: Math.abs(area(region)), at: work.site(c.v) };
  }
  throw new Error(
    `no grid border vertex can be moved ${metres} m into ${into === 'a' ? 'its own grid' : 'the neighbour'}`,
  );
}

/** Grids that already carry a coverage defect: the next one goes elsewhere when it can (a clearer map). */
const touched = (work: Work, g: GridFeature) => work.used.has(`touched:${g.properties.code}`);
function touch(work: Work, ...grids: GridFeature[]): void {
  for (const g of grids) work.used.add(`touched:${g.properties.code}`);
}
/** Candidates on untouched grids first, the shuffled order kept otherwise. */
function spread<T extends { a: GridFeature; b?: GridFeature }>(work: Work, list: T[]): T[] {
  const score = (c: T) => Number(touched(work, c.a)) + Number(!!c.b && touched(work, c.b));
  return list
    .map((c, k) => ({ c, k, s: score(c) }))
    .sort((x, y) => x.s - y.s || x.k - y.k)
    .map((x) => x.c);
}

const pair = (c: { a: GridFeature; b: GridFeature }) => [c.a.properties.code, c.b.properties.code];

/** grid-overlap: a border vertex of one grid moved 30 m into its neighbour (the neighbour's copy stays). */
export function injectGridOverlap(work: Work): void {
  const c = moveBorderVertex(work, 'b', 30);
  const [a, b] = pair(c);
  work.record({
    rule: 'grid-overlap',
    codes: [a, b],
    expectedAreaM2: round2(c.areaM2),
    at: c.at,
    description: {
      zh: `网格 ${a} 与 ${b} 共用边界上的一个顶点，仅在 ${a} 中向 ${b} 内移动 30 米：两网格重叠约 ${Math.round(c.areaM2)} 平方米。`,
      en: `A vertex of the border shared by grids ${a} and ${b} moved 30 m into ${b} in ${a} only: the grids overlap over about ${Math.round(c.areaM2)} m².`,
    },
  });
}

/** grid-gap: a border vertex of one grid moved 25 m inward, leaving a triangle that no grid covers. */
export function injectGridGap(work: Work): void {
  const c = moveBorderVertex(work, 'a', 25);
  const [a, b] = pair(c);
  work.record({
    rule: 'grid-gap',
    codes: [a, b],
    expectedAreaM2: round2(c.areaM2),
    at: c.at,
    description: {
      zh: `网格 ${a} 与 ${b} 共用边界上的一个顶点，仅在 ${a} 中向内移动 25 米：留下约 ${Math.round(c.areaM2)} 平方米不属于任何网格。`,
      en: `A vertex of the border shared by grids ${a} and ${b} moved 25 m inward in ${a} only: about ${Math.round(c.areaM2)} m² belongs to no grid.`,
    },
  });
}

/**
 * A sliver below the default tolerance: a border vertex moved 0.2 m inward in one grid only. Not a gap at COVERAGE_TOLERANCE_M (0.5 m)
 * (reported as one at any tolerance under its width); at that tolerance it is an edge-mismatch warning, since a shared
 * border that does not match is always reported (an area above the tolerance, a mismatch below it).
 */
export function injectSliver(work: Work): void {
  const c = moveBorderVertex(work, 'a', 0.2, 0.5);
  const [a, b] = pair(c);
  work.record({
    rule: 'grid-gap',
    codes: [a, b],
    expectedAreaM2: round2(c.areaM2),
    expectedWidthM: 0.2,
    belowTolerance: true,
    at: c.at,
    description: {
      zh: `细缝：网格 ${a} 与 ${b} 共用边界上的一个顶点仅在 ${a} 中向内移动 0.2 米（约 ${c.areaM2.toFixed(1)} 平方米）。窄于默认容差 ${COVERAGE_TOLERANCE_M} 米，不报告为缝隙（报告为边界不吻合，见下条）；容差小于 0.2 米时报告为缝隙。`,
      en: `Sliver: a vertex of the border shared by grids ${a} and ${b} moved 0.2 m inward in ${a} only (about ${c.areaM2.toFixed(1)} m²). Narrower than the default ${COVERAGE_TOLERANCE_M} m tolerance, so not reported as a gap (it is an edge mismatch, next record); reported as a gap at a tolerance below 0.2 m.`,
    },
  });
  work.record({
    rule: 'edge-mismatch',
    codes: [a, b],
    expectedWidthM: 0.2,
    cascade: true,
    at: c.at,
    description: {
      zh: `级联（cascade）：上一条的 0.2 米细缝窄于容差，不算缝隙，但网格 ${a} 与 ${b} 的共用边界不吻合，报告为边界不吻合警告。`,
      en: `Cascade of the sliver above: narrower than the tolerance, so not a gap, but the border shared by grids ${a} and ${b} does not match: an edge-mismatch warning.`,
    },
  });
}

/** grid-outside-boundary: a community-boundary vertex of one grid pushed 40 m out. */
export function injectGridOutside(work: Work): void {
  const { owners, boundary } = vertexOwners(work);
  const community = work.data.community.features[0];
  const cring = work.ring(community)!;
  const cll = (community.geometry as { coordinates: Position[][] }).coordinates[0].slice(0, -1).map(key);
  const candidates: { g: GridFeature; i: number; u: XY; v: XY; w: XY }[] = [];
  for (const g of work.data.grids.features) {
    if (g.geometry.type !== 'Polygon') continue;
    const r = openLL(g);
    for (let i = 0; i < r.length; i++) {
      const [h, j] = around(r.length, i);
      const ks = [key(r[h]), key(r[i]), key(r[j])];
      if (!ks.every((k) => boundary.has(k) && owners.get(k)?.size === 1)) continue;
      const at = cll.indexOf(ks[1]);
      const nb = around(cll.length, at).map((x) => cll[x]);
      if (!(nb.includes(ks[0]) && nb.includes(ks[2]))) continue;
      candidates.push({ g, i, u: work.local(r[h]), v: work.local(r[i]), w: work.local(r[j]) });
    }
  }
  for (const c of spread(work, work.rng.shuffle(candidates.map((x) => ({ ...x, a: x.g }))))) {
    if (!work.farFromSites(c.v)) continue;
    let n = leftNormal(c.u, c.w);
    if (inRing(add(c.v, n), cring)) n = [-n[0], -n[1]];
    const v2 = work.stored(add(c.v, n, 40));
    const region = [c.u, v2, c.w, c.v];
    if (inRing(v2, cring) || !work.clear(region)) continue;
    const ring = work.ring(c.g)!;
    ring[c.i] = v2;
    work.setRing(c.g, ring);
    touch(work, c.g);
    const a = Math.abs(area(region));
    const code = c.g.properties.code;
    work.record({
      rule: 'grid-outside-boundary',
      codes: [code],
      expectedAreaM2: round2(a),
      at: work.site(c.v),
      description: {
        zh: `网格 ${code} 位于社区边界上的一个顶点向外推出 40 米：约 ${Math.round(a)} 平方米超出社区边界。`,
        en: `A vertex of grid ${code} on the community boundary pushed 40 m out: about ${Math.round(a)} m² lies outside the community.`,
      },
    });
    return;
  }
  throw new Error('no community-boundary vertex of a grid can be pushed out');
}

/** edge-mismatch: an extra vertex at the midpoint of a shared border segment, in one grid only. */
export function injectEdgeMismatch(work: Work): void {
  for (const c of spread(work, work.rng.shuffle(borderVertices(work)))) {
    const mid = work.stored(lerp(c.v, c.w, 0.5));
    if (!work.farFromSites(mid)) continue;
    const ring = work.ring(c.a)!;
    ring.splice(c.i + 1, 0, mid);
    work.setRing(c.a, ring);
    touch(work, c.a, c.b);
    const [a, b] = pair(c);
    work.record({
      rule: 'edge-mismatch',
      codes: [a, b],
      at: work.site(mid),
      description: {
        zh: `网格 ${a} 与 ${b} 的共用边界上，仅在 ${a} 中于一段边的中点插入一个顶点：两边界重合但顶点不一致。`,
        en: `An extra vertex at the midpoint of a segment of the border shared by grids ${a} and ${b}, in ${a} only: the borders coincide without shared vertices.`,
      },
    });
    return;
  }
  throw new Error('no shared grid border segment for an edge mismatch');
}

interface MicroEdge {
  m: MicroGridFeature;
  ring: XY[];
  /** Index of P; Q follows. */
  i: number;
  p: XY;
  q: XY;
  mid: XY;
  /** Outward unit normal. */
  out: XY;
}

/** Edges of unused micro-grids at least `minLength` long, shuffled. */
function microEdges(work: Work, minLength: number): MicroEdge[] {
  const out: MicroEdge[] = [];
  for (const m of work.data.microGrids.features) {
    if (work.used.has(m.properties.code)) continue;
    const ring = work.ring(m);
    if (!ring) continue;
    const ccw = area(ring) > 0;
    for (let i = 0; i < ring.length; i++) {
      const p = ring[i];
      const q = ring[(i + 1) % ring.length];
      if (dist(p, q) < minLength) continue;
      const left = leftNormal(p, q);
      out.push({ m, ring, i, p, q, mid: lerp(p, q, 0.5), out: ccw ? [-left[0], -left[1]] : left });
    }
  }
  return work.rng.shuffle(out);
}

const unit = (a: XY, b: XY): XY => {
  const d = dist(a, b);
  return [(b[0] - a[0]) / d, (b[1] - a[1]) / d];
};
const dot = (a: XY, b: XY) => a[0] * b[0] + a[1] * b[1];

/** Inserts apex X after P in the micro-grid's ring (a triangle P-X-Q added to it). */
function poke(work: Work, e: MicroEdge, x: XY): void {
  const ring = [...e.ring];
  ring.splice(e.i + 1, 0, x);
  work.setRing(e.m, ring);
}

/** microgrid-overlap: a micro-grid's border pulled into a neighbouring micro-grid of the same grid. */
export function injectMicroGridOverlap(work: Work): void {
  for (const e of microEdges(work, 6)) {
    if (!work.farFromSites(e.mid)) continue;
    for (const m2 of work.data.microGrids.features) {
      const code2 = m2.properties.code;
      if (m2 === e.m || m2.properties.gridCode !== e.m.properties.gridCode || work.used.has(code2)) continue;
      const r2 = work.ring(m2);
      if (!r2) continue;
      const c = closestOnRing(e.mid, r2);
      if (c.d > 25 || c.d < 1) continue;
      const u = unit(e.mid, c.at);
      if (dot(u, e.out) < 0.8) continue;
      const x = work.stored(add(c.at, u, 6));
      const tri = [e.p, x, e.q];
      if (!inRing(x, r2) || !work.clear(tri, new Set([code2]))) continue;
      const shared = Math.abs(area(clipConvex(r2, tri)));
      poke(work, e, x);
      const code1 = e.m.properties.code;
      work.used.add(code1).add(code2);
      work.record({
        rule: 'microgrid-overlap',
        codes: [code1, code2],
        expectedAreaM2: round2(shared),
        at: work.site(e.mid),
        description: {
          zh: `同一网格内的微网格 ${code1} 的边界被拉入相邻微网格 ${code2} 约 6 米：两者重叠约 ${Math.round(shared)} 平方米。`,
          en: `The border of micro-grid ${code1} pulled about 6 m into micro-grid ${code2} of the same grid: they overlap over about ${Math.round(shared)} m².`,
        },
      });
      return;
    }
  }
  throw new Error('no pair of neighbouring micro-grids for an overlap');
}

/** microgrid-outside-grid: a micro-grid near its grid's edge pulled 8 m across it. */
export function injectMicroGridOutside(work: Work): void {
  const grids = new Map(work.data.grids.features.map((g) => [g.properties.code, g]));
  const exempt = new Set([...grids.keys(), ...work.data.community.features.map((c) => c.properties.code)]);
  for (const e of microEdges(work, 6)) {
    const grid = grids.get(e.m.properties.gridCode);
    const rg = grid && work.ring(grid);
    if (!rg || !work.farFromSites(e.mid)) continue;
    const c = closestOnRing(e.mid, rg);
    if (c.d > 25 || c.d < 1) continue;
    const u = unit(e.mid, c.at);
    if (dot(u, e.out) < 0.8) continue;
    const x = work.stored(add(c.at, u, 8));
    const tri = [e.p, x, e.q];
    if (inRing(x, rg) || !work.clear(tri, exempt)) continue;
    const outside = Math.abs(area(tri)) - Math.abs(area(clipConvex(rg, tri)));
    poke(work, e, x);
    const code = e.m.properties.code;
    work.used.add(code);
    work.record({
      rule: 'microgrid-outside-grid',
      codes: [code],
      expectedAreaM2: round2(outside),
      at: work.site(e.mid),
      description: {
        zh: `微网格 ${code} 的边界被拉出所属网格 ${grid.properties.code} 的边界约 8 米：约 ${Math.round(outside)} 平方米在网格之外。`,
        en: `The border of micro-grid ${code} pulled about 8 m across the edge of its grid ${grid.properties.code}: about ${Math.round(outside)} m² lies outside the grid.`,
      },
    });
    return;
  }
  throw new Error('no micro-grid near its grid edge');
}

/** invalid-geometry: two vertices inserted in crossed order on a micro-grid edge, so its boundary crosses itself. */
export function injectInvalidGeometry(work: Work): void {
  for (const e of microEdges(work, 12)) {
    if (!work.farFromSites(e.mid)) continue;
    const a = work.stored(add(lerp(e.p, e.q, 0.65), e.out, 4));
    const b = work.stored(add(lerp(e.p, e.q, 0.35), e.out, 4));
    if (!work.clear([e.p, e.q, a, b])) continue;
    const ring = [...e.ring];
    ring.splice(e.i + 1, 0, a, b);
    work.setRing(e.m, ring);
    const code = e.m.properties.code;
    work.used.add(code);
    work.record({
      rule: 'invalid-geometry',
      codes: [code],
      at: work.site(e.mid),
      description: {
        zh: `微网格 ${code} 的一条边上按交叉顺序插入两个顶点（“蝴蝶结”）：边界自相交。`,
        en: `Two vertices inserted in crossed order on an edge of micro-grid ${code} (a bow-tie): its boundary intersects itself.`,
      },
    });
    return;
  }
  throw new Error('no micro-grid edge for a bow-tie');
}
