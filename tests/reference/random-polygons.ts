/**
 * Seeded random polygons for the validity comparison with GEOS: star-shaped shells, holes and parts on an
 * integer grid (so that snapped vertices coincide exactly, as in quantised real data), then perturbed the ways
 * real files go wrong or go "touching but valid": holes pinned to the shell or to each other, parts meeting at a
 * vertex, vertices put on edges, spikes, swaps, repeats, nested or outlying rings. Grid units map to lon/lat at
 * 1 m, 100 m or 5 km, rounded to 1e-7° (so a vertex "on" a slanted edge may fall a hair to either side).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { createRng, type Rng } from '../../src/domain/random';

type XY = [number, number];
type Ring = XY[]; // open: the closing point is added on output

/** A star-shaped ring around (cx, cy): angles sorted, radii random, vertices on the grid. */
function star(rng: Rng, cx: number, cy: number, r: number, n: number): Ring {
  const angles = Array.from({ length: n }, () => rng.float(0, 2 * Math.PI)).sort((a, b) => a - b);
  return angles.map((a) => {
    const rr = r * rng.float(0.45, 1);
    return [Math.round(cx + rr * Math.cos(a)), Math.round(cy + rr * Math.sin(a))];
  });
}

/** A thin triangle from boundary vertex v towards (cx, cy): a hole that touches the shell at v. */
function horn(rng: Rng, v: XY, cx: number, cy: number): Ring {
  const t1 = rng.float(0.2, 0.5);
  const t2 = rng.float(0.2, 0.5);
  const w = rng.float(0.02, 0.15);
  const dx = cx - v[0];
  const dy = cy - v[1];
  return [
    v,
    [Math.round(v[0] + dx * t1 - dy * w), Math.round(v[1] + dy * t1 + dx * w)],
    [Math.round(v[0] + dx * t2 + dy * w), Math.round(v[1] + dy * t2 - dx * w)],
  ];
}

const PERTURBATIONS = [
  'horn', // hole touching the shell at a vertex
  'horn-pair', // two horns from one vertex, or a horn touching another hole
  'snap-hole-vertex', // a hole vertex onto a shell or hole vertex
  'snap-part', // a part moved so that one vertex lands on another part's vertex
  'self-snap', // a vertex onto another vertex of its ring
  'on-edge', // a hole vertex onto the midpoint of a shell edge
  'spike', // there and back
  'repeat', // a repeated vertex
  'swap', // two consecutive vertices swapped
  'move', // a vertex anywhere
  'reverse', // ring orientation flipped
  'nest-hole', // a hole inside another hole
  'hole-out', // a hole moved off the shell
  'dup-ring', // a hole repeated
  'bridge', // a hole pinned to two shell vertices (cuts the polygon, or crosses it)
  'nest-part', // a part shrunk into another part
] as const;

const WEIGHTS: Partial<Record<(typeof PERTURBATIONS)[number], number>> = {
  horn: 5,
  'horn-pair': 2,
  'snap-part': 3,
};

export interface RandomPolygon {
  geometry: Polygon | MultiPolygon;
  /** What was done to it, for messages. */
  steps: string[];
}

/**
 * The i-th random polygon of a seeded series.
 * @example randomPolygon(7, 0).geometry.type // 'Polygon' or 'MultiPolygon'
 */
export function randomPolygon(seed: number, i: number): RandomPolygon {
  const rng = createRng(seed * 100_003 + i);
  const steps: string[] = [];
  const nParts = rng.chance(0.3) ? rng.int(2, 3) : 1;
  const parts: { rings: Ring[]; cx: number; cy: number }[] = [];
  for (let p = 0; p < nParts; p++) {
    const cx = p * 120 + rng.int(-10, 10);
    const cy = rng.int(-10, 10);
    const r = rng.int(30, 60);
    const rings: Ring[] = [star(rng, cx, cy, r, rng.int(5, rng.chance(0.2) ? 200 : 24))];
    const holes = rng.chance(0.5) ? rng.int(1, 3) : 0;
    for (let h = 0; h < holes; h++) {
      rings.push(star(rng, cx + rng.int(-12, 12), cy + rng.int(-12, 12), rng.int(3, 9), rng.int(3, 8)));
    }
    parts.push({ rings, cx, cy });
  }
  const nSteps = rng.int(0, 3);
  for (let s = 0; s < nSteps; s++) {
    // Touches that are valid are what the comparison is about: they come up most often.
    const kind = PERTURBATIONS[rng.weighted(PERTURBATIONS.map((k) => WEIGHTS[k] ?? 1))];
    const part = rng.pick(parts);
    const shell = part.rings[0];
    const holes = part.rings.slice(1);
    const anyRing = rng.pick(part.rings);
    const vi = (r: Ring) => rng.int(0, r.length - 1);
    switch (kind) {
      case 'horn':
        part.rings.push(horn(rng, shell[vi(shell)], part.cx, part.cy));
        break;
      case 'horn-pair': {
        const v = shell[vi(shell)];
        const a = horn(rng, v, part.cx, part.cy);
        part.rings.push(
          a,
          rng.chance(0.5) ? horn(rng, v, part.cx, part.cy) : horn(rng, a[1], part.cx, part.cy),
        );
        break;
      }
      case 'snap-hole-vertex': {
        if (!holes.length) continue;
        const hole = rng.pick(holes);
        const target = rng.pick(part.rings.filter((r) => r !== hole));
        hole[vi(hole)] = [...target[vi(target)]];
        break;
      }
      case 'snap-part': {
        if (parts.length < 2) continue;
        const other = rng.pick(parts.filter((p) => p !== part));
        const from = shell[vi(shell)];
        const to = other.rings[0][vi(other.rings[0])];
        const dx = to[0] - from[0];
        const dy = to[1] - from[1];
        part.rings = part.rings.map((r) => r.map(([x, y]) => [x + dx, y + dy] as XY));
        part.cx += dx;
        part.cy += dy;
        break;
      }
      case 'self-snap': {
        if (anyRing.length < 5) continue;
        const a = vi(anyRing);
        const b = (a + rng.int(2, anyRing.length - 2)) % anyRing.length;
        anyRing[a] = [...anyRing[b]];
        break;
      }
      case 'on-edge': {
        if (!holes.length) continue;
        const hole = rng.pick(holes);
        const e = vi(shell);
        const [a, b] = [shell[e], shell[(e + 1) % shell.length]];
        hole[vi(hole)] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
        break;
      }
      case 'spike': {
        const k = vi(anyRing);
        const v = anyRing[k];
        anyRing.splice(k + 1, 0, [v[0] + rng.int(-9, 9), v[1] + rng.int(-9, 9)], [...v]);
        break;
      }
      case 'repeat': {
        const k = vi(anyRing);
        anyRing.splice(k, 0, [...anyRing[k]]);
        break;
      }
      case 'swap': {
        const k = vi(anyRing);
        const j = (k + 1) % anyRing.length;
        [anyRing[k], anyRing[j]] = [anyRing[j], anyRing[k]];
        break;
      }
      case 'move':
        anyRing[vi(anyRing)] = [part.cx + rng.int(-60, 60), part.cy + rng.int(-60, 60)];
        break;
      case 'reverse':
        anyRing.reverse();
        break;
      case 'nest-hole': {
        if (!holes.length) continue;
        const h = rng.pick(holes);
        const [sx, sy] = h.reduce(([x, y], p) => [x + p[0], y + p[1]], [0, 0]);
        const c: XY = [sx / h.length, sy / h.length];
        part.rings.push(
          h.map(([x, y]) => [Math.round(c[0] + (x - c[0]) * 0.3), Math.round(c[1] + (y - c[1]) * 0.3)] as XY),
        );
        break;
      }
      case 'hole-out': {
        if (!holes.length) continue;
        const h = rng.pick(holes);
        const dx = rng.pick([-1, 1]) * rng.int(40, 80);
        for (const p of h) p[0] += dx;
        break;
      }
      case 'bridge': {
        const k = vi(shell);
        const a = shell[k];
        const b = shell[(k + rng.int(2, 4)) % shell.length];
        const inward = (v: XY): XY => [
          Math.round(v[0] + (part.cx - v[0]) * 0.4),
          Math.round(v[1] + (part.cy - v[1]) * 0.4),
        ];
        part.rings.push([a, inward(a), inward(b), b]);
        break;
      }
      case 'nest-part': {
        if (parts.length < 2) continue;
        const outer = rng.pick(parts.filter((p) => p !== part));
        const f = rng.float(0.1, 0.3);
        part.rings = part.rings.map((r) =>
          r.map(
            ([x, y]) =>
              [Math.round(outer.cx + (x - part.cx) * f), Math.round(outer.cy + (y - part.cy) * f)] as XY,
          ),
        );
        part.cx = outer.cx;
        part.cy = outer.cy;
        break;
      }
      case 'dup-ring': {
        if (!holes.length) continue;
        part.rings.push(rng.pick(holes).map((p) => [...p] as XY));
        break;
      }
    }
    steps.push(kind);
  }
  // Grid units to lon/lat: a block (1 m), a town (100 m) or a province (5 km), rounded as GeoJSON exports round.
  const unit = rng.pick([1, 100, 5000]);
  const round7 = (v: number) => Number(v.toFixed(7));
  const ll = ([x, y]: XY): Position => [
    round7(120.3 + (x * unit) / 96_000),
    round7(30.2 + (y * unit) / 111_000),
  ];
  const close = (r: Ring): Position[] => [...r, r[0]].map(ll);
  const polys = parts.map((p) => p.rings.map(close));
  steps.push(`${unit} m`);
  return {
    geometry:
      polys.length === 1
        ? { type: 'Polygon', coordinates: polys[0] }
        : { type: 'MultiPolygon', coordinates: polys },
    steps,
  };
}
