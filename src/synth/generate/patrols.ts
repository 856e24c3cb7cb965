/**
 * Monthly patrol tracks that follow the grid's streets: a depth-first walk over the street edges of the grid
 * (borders included, backtracking along the same street), with a short driveway spur into each enterprise passed,
 * since a visit means passing within 50 m. Some grids are under-patrolled: the leader walks only a prefix of the
 * route, or skips a month.
 */
import type { Feature, LineString, Position } from 'geojson';
import type { Rng } from '../../domain/random';
import { formatCst } from '../../domain/time';
import type { Member, PatrolProps } from '../../domain/types';
import type { Model } from './model';
import { cellDirectedEdges, cellRect, directedFrom, directedTo, edgeVertices, vertexXY, type Lattice } from './lattice';
import type { EdgeGeometry } from './rings';
import type { DesignToLonLat } from './warp';

export interface PatrolOptions {
  asOf: number;
  /** Months covered, the month of asOf included. Default 12. */
  months?: number;
  /** Share of grids that are under-patrolled. Default 0.25 (at least one grid). */
  weakShare?: number;
  /** Walking speed for endedAt (m/s). Default 1.1, plus 4 minutes per enterprise visited. */
  speed?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CST = 8 * HOUR;

interface Spur {
  t: number;
  ax: number;
  ay: number;
  fx: number;
  fy: number;
}

interface Route {
  /** Directed street edges in walking order. */
  walk: number[];
  /** Spurs per undirected edge, by parameter along the canonical direction. */
  spurs: Map<number, Spur[]>;
}

/**
 * Patrol tracks for all grids, month by month.
 * @example generatePatrols(rng, model, toMap, edges, { asOf }).length > model.grids.length
 */
export function generatePatrols(
  rng: Rng,
  model: Model,
  toMap: DesignToLonLat,
  edges: EdgeGeometry,
  options: PatrolOptions,
): Feature<LineString, PatrolProps>[] {
  const { asOf, months = 12, weakShare = 0.25, speed = 1.1 } = options;
  const { L } = model.layout;
  const byGridRole = new Map<string, Member>();
  for (const m of model.members) if (m.role !== 'other' && m.role !== 'micro-leader') byGridRole.set(`${m.gridCode}/${m.role}`, m);
  const weak = new Set<number>();
  const nWeak = Math.max(1, Math.round(model.grids.length * weakShare));
  while (weak.size < Math.min(nWeak, model.grids.length)) weak.add(rng.int(0, model.grids.length - 1));
  const asOfDate = new Date(asOf + CST);
  const out: Feature<LineString, PatrolProps>[] = [];
  model.grids.forEach((grid, gi) => {
    const leader = byGridRole.get(`${grid.code}/grid-leader`) as Member;
    const worker = byGridRole.get(`${grid.code}/full-time`) as Member;
    const isWeak = weak.has(gi);
    const route = planRoute(L, model, gi, rng);
    // A weak grid misses one or two whole months of leader patrols.
    const skipped = new Set<number>();
    if (isWeak) for (let k = rng.int(1, 2); k > 0; k--) skipped.add(rng.int(0, months - 2));
    for (let m = 0; m < months; m++) {
      const y = asOfDate.getUTCFullYear();
      const mo = asOfDate.getUTCMonth() - (months - 1) + m;
      const monthStart = Date.UTC(y, mo, 1) - CST;
      const monthEnd = Date.UTC(y, mo + 1, 1) - CST;
      const ym = formatCst(monthStart).slice(0, 7).replace('-', '');
      const tracks: { member: Member; share: number; from: number }[] = [];
      if (!skipped.has(m)) {
        tracks.push({ member: leader, share: isWeak ? rng.float(0.3, 0.6) : 1, from: 0 });
        if (!isWeak && rng.chance(0.15)) tracks.push({ member: leader, share: rng.float(0.2, 0.5), from: rng.float(0, 0.5) });
      }
      // The full-time worker walks part of the grid once or twice a month; in a weak grid always the same part.
      for (let k = rng.int(1, 2); k > 0; k--) {
        tracks.push({ member: worker, share: rng.float(0.2, 0.45), from: isWeak ? 0 : rng.float(0, 0.55) });
      }
      let n = 0;
      for (const tr of tracks) {
        const day = workingDay(rng, monthStart, monthEnd);
        const start = day + rng.int(8 * 60, 15 * 60) * 60_000;
        const { coords, metres, visits } = trackCoords(route, tr.from, tr.share, toMap, edges);
        const end = Math.floor((start + (metres / speed) * 1000 + visits * 4 * 60_000) / 60_000) * 60_000;
        if (end > asOf || coords.length < 2) continue;
        out.push({
          type: 'Feature',
          properties: {
            id: `p${grid.code}-${ym}-${++n}`,
            memberId: tr.member.id,
            gridCode: grid.code,
            startedAt: formatCst(start),
            endedAt: formatCst(end),
          },
          geometry: { type: 'LineString', coordinates: coords },
        });
      }
    }
  });
  return out;
}

function workingDay(rng: Rng, from: number, to: number): number {
  for (;;) {
    const d = from + rng.int(0, Math.round((to - from) / DAY) - 1) * DAY;
    const wd = new Date(d + CST).getUTCDay();
    if (wd !== 0 && wd !== 6) return d;
  }
}

// Depth-first walk over the grid's street edges from a border vertex, and a driveway spur per enterprise on the
// street side of its block nearest to it.
function planRoute(L: Lattice, model: Model, gi: number, rng: Rng): Route {
  const { roadClass } = model.layout;
  const grid = model.grids[gi];
  const adj = new Map<number, number[]>();
  const link = (v: number, d: number): void => {
    const list = adj.get(v);
    if (list) list.push(d);
    else adj.set(v, [d]);
  };
  const seen = new Set<number>();
  for (const c of grid.cells) {
    for (const d of cellDirectedEdges(L, c)) {
      const e = d >> 1;
      if (!roadClass[e] || seen.has(e)) continue;
      seen.add(e);
      link(directedFrom(L, d), d);
      link(directedTo(L, d), d ^ 1);
    }
  }
  const starts = [...adj.keys()].sort((a, b) => a - b);
  const walk: number[] = [];
  const used = new Set<number>();
  const visit = (v: number): void => {
    // Iterative DFS: a stack of (vertex, the directed edge we came by).
    const stack: { v: number; back: number }[] = [{ v, back: -1 }];
    while (stack.length) {
      const top = stack[stack.length - 1];
      const options = (adj.get(top.v) ?? []).filter((d) => !used.has(d >> 1));
      if (options.length) {
        const d = options[rng.int(0, options.length - 1)];
        used.add(d >> 1);
        walk.push(d);
        stack.push({ v: directedTo(L, d), back: d ^ 1 });
      } else {
        stack.pop();
        if (top.back >= 0) walk.push(top.back);
      }
    }
  };
  if (starts.length) visit(starts[rng.int(0, starts.length - 1)]);
  const spurs = new Map<number, Spur[]>();
  for (const fi of grid.firms) {
    const f = model.firms[fi];
    const cell = grid.cells.find((c) => {
      const r = cellRect(L, c);
      return f.x > r[0] && f.x < r[2] && f.y > r[1] && f.y < r[3];
    });
    if (cell === undefined) continue;
    let best: Spur & { e: number; dist: number } = { e: -1, dist: Infinity, t: 0, ax: 0, ay: 0, fx: f.x, fy: f.y };
    for (const d of cellDirectedEdges(L, cell)) {
      const e = d >> 1;
      if (!roadClass[e] || !used.has(e)) continue;
      const [a, b] = edgeVertices(L, e);
      const [x0, y0] = vertexXY(L, a);
      const [x1, y1] = vertexXY(L, b);
      const len = Math.hypot(x1 - x0, y1 - y0);
      const t = Math.min(0.95, Math.max(0.05, ((f.x - x0) * (x1 - x0) + (f.y - y0) * (y1 - y0)) / (len * len)));
      const ax = x0 + t * (x1 - x0);
      const ay = y0 + t * (y1 - y0);
      const dist = Math.hypot(f.x - ax, f.y - ay);
      if (dist < best.dist) best = { e, dist, t, ax, ay, fx: f.x, fy: f.y };
    }
    if (best.e < 0) continue;
    const list = spurs.get(best.e) ?? [];
    list.push(best);
    spurs.set(best.e, list);
  }
  for (const list of spurs.values()) list.sort((p, q) => p.t - q.t);
  return { walk, spurs };
}

// The part [from, from + share) of the route (as shares of its edges), thinned to ~50 m points along streets.
function trackCoords(
  route: Route,
  from: number,
  share: number,
  toMap: DesignToLonLat,
  edges: EdgeGeometry,
): { coords: Position[]; metres: number; visits: number } {
  const n = route.walk.length;
  const a = Math.floor(from * n);
  const b = Math.min(n, a + Math.max(1, Math.round(share * n)));
  const coords: Position[] = [];
  const done = new Set<number>();
  let metres = 0;
  let visits = 0;
  const push = (p: Position): void => {
    const last = coords[coords.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) coords.push(p);
  };
  for (let k = a; k < b; k++) {
    const d = route.walk[k];
    const e = d >> 1;
    const pts = edges.edge(e);
    const segs = pts.length - 1;
    const forward = (d & 1) === 0;
    const spurs = done.has(e) ? [] : (route.spurs.get(e) ?? []);
    done.add(e);
    const ordered = forward ? spurs : [...spurs].reverse();
    let s = 0;
    for (let m = 0; m <= segs; m++) {
      // Position m along the travel direction, as a parameter in the canonical direction.
      const idx = forward ? m : segs - m;
      const tHere = idx / segs;
      while (s < ordered.length && (forward ? ordered[s].t < tHere : ordered[s].t > tHere)) {
        const sp = ordered[s++];
        const access = toMap(sp.ax, sp.ay);
        push(access);
        push(toMap(sp.fx, sp.fy));
        push(access);
        metres += 2 * Math.hypot(sp.fx - sp.ax, sp.fy - sp.ay);
        visits++;
      }
      if (m === 0 || m === segs || m % 2 === 0) push(pts[idx]);
    }
    metres += edgeLength(pts);
  }
  return { coords, metres, visits };
}

// Length in metres of a lon/lat polyline (equirectangular; fine for timing a walk).
function edgeLength(pts: Position[]): number {
  let s = 0;
  for (let k = 1; k < pts.length; k++) {
    const kx = 111320 * Math.cos((pts[k][1] * Math.PI) / 180);
    s += Math.hypot((pts[k][0] - pts[k - 1][0]) * kx, (pts[k][1] - pts[k - 1][1]) * 110574);
  }
  return s;
}
