/**
 * Reads a list of planner operations (issue 11: the CLI's OPS.json, a proposal's log) against the strict schema of
 * PlanOp (./types): unknown operations, unknown keys, missing fields, bad coordinates and malformed codes are each
 * one clear problem naming the item, and every problem of the list is reported at once (up to a few), so a planner
 * fixes the file in one pass. Nothing here looks at a dataset: whether a grid exists is the engine's business.
 */
import { isGridCode, isMicroGridCode } from '../codes';
import { MEMBER_ROLES, type MemberRole } from '../types';
import type { Areal } from '../types';
import { PlanError, type BoundaryUnit, type LonLat, type PlanOp, type PlanOpName } from './types';

/** The keys each operation takes (required ones first); any other key is a problem. */
const KEYS: Record<PlanOpName, { required: string[]; optional: string[] }> = {
  'move-vertex': { required: ['from', 'to'], optional: [] },
  'move-vertices': { required: ['moves'], optional: [] },
  'insert-vertex': { required: ['at'], optional: [] },
  'delete-vertex': { required: ['at'], optional: [] },
  split: { required: ['grid', 'line'], optional: [] },
  merge: { required: ['grids'], optional: [] },
  revoke: { required: ['grid', 'into'], optional: [] },
  'add-microgrid': { required: ['grid', 'polygon'], optional: ['kind'] },
  'delete-microgrid': { required: ['code'], optional: [] },
  'split-microgrid': { required: ['code', 'line'], optional: [] },
  'merge-microgrids': { required: ['codes'], optional: [] },
  'set-microgrid-kind': { required: ['code', 'kind'], optional: [] },
  'assign-member': { required: ['memberId', 'gridCode', 'role'], optional: ['microGridCode'] },
  'import-boundaries': { required: ['layer', 'units'], optional: ['source'] },
};

/** The operation names, in the order of the contract (for messages and the README). */
export const PLAN_OP_NAMES = Object.keys(KEYS) as PlanOpName[];

/** Problems listed in one error before "and N more". */
const MAX_PROBLEMS = 5;

/** A short description of a value for a message, never the value itself when it is big. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length > 24 ? `"${value.slice(0, 24)}…"` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

class Problems {
  readonly list: string[] = [];
  constructor(private readonly where: string) {}
  add(item: string, text: string): void {
    this.list.push(`${item}: ${text}`);
  }
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const shown = this.list.slice(0, MAX_PROBLEMS).join('; ');
    const more = this.list.length > MAX_PROBLEMS ? `; and ${this.list.length - MAX_PROBLEMS} more` : '';
    throw new PlanError(`${this.where}: ${shown}${more}`, undefined, { reason: 'bad-op' });
  }
}

/** A [lon, lat] pair, or the reason it is not one. */
function lonLat(v: unknown): LonLat | string {
  if (!Array.isArray(v) || v.length !== 2) return `is ${describe(v)}, not a [lon, lat] pair`;
  const [lon, lat] = v as unknown[];
  if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    return `is not a [lon, lat] pair of numbers`;
  }
  if (lon < -180 || lon > 180 || lat < -90 || lat > 90) return `[${lon}, ${lat}] is not a WGS84 [lon, lat]`;
  return [lon, lat];
}

/** A list of at least `min` [lon, lat] pairs, or the reason it is not one. */
function lonLats(v: unknown, min: number): LonLat[] | string {
  if (!Array.isArray(v) || v.length < min) return `needs at least ${min} [lon, lat] pairs, got ${describe(v)}`;
  const out: LonLat[] = [];
  for (let i = 0; i < v.length; i++) {
    const p = lonLat(v[i]);
    if (typeof p === 'string') return `point ${i + 1} ${p}`;
    out.push(p);
  }
  return out;
}

/** Most units one import-boundaries may carry (a county has a few thousand grids). */
export const MAX_BOUNDARY_UNITS = 20000;

/** A Polygon or MultiPolygon of closed [lon, lat] rings, or the reason it is not one. */
function areal(v: unknown): Areal | string {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return `is ${describe(v)}, not a GeoJSON geometry`;
  const g = v as { type?: unknown; coordinates?: unknown };
  if (g.type !== 'Polygon' && g.type !== 'MultiPolygon') return `is a ${describe(g.type)} geometry; expected Polygon or MultiPolygon`;
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  if (!Array.isArray(polygons) || polygons.length === 0) return `has no polygons`;
  const out: LonLat[][][] = [];
  for (let i = 0; i < polygons.length; i++) {
    const rings = polygons[i];
    const where = g.type === 'Polygon' ? '' : `polygon ${i + 1} `;
    if (!Array.isArray(rings) || rings.length === 0) return `${where}has no rings`;
    const polygon: LonLat[][] = [];
    for (let r = 0; r < rings.length; r++) {
      const ring = lonLats(rings[r], 4);
      if (typeof ring === 'string') return `${where}ring ${r + 1} ${ring}`;
      const [f, l] = [ring[0], ring[ring.length - 1]];
      if (f[0] !== l[0] || f[1] !== l[1]) return `${where}ring ${r + 1} is not closed (its last point is not its first)`;
      polygon.push(ring);
    }
    out.push(polygon);
  }
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: out[0] } : { type: 'MultiPolygon', coordinates: out };
}

const CODE_CHECK = {
  grid: { ok: isGridCode, what: 'a 15-digit grid code' },
  micro: { ok: isMicroGridCode, what: 'an 18-digit micro-grid code' },
};

/**
 * Checks one item and returns the operation, or undefined after adding its problems.
 * Arrays of points are copied, so the caller's JSON never aliases an operation record.
 */
function parseOne(raw: unknown, item: string, problems: Problems): PlanOp | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.add(item, `is ${describe(raw)}, not an operation object`);
    return undefined;
  }
  const o = raw as Record<string, unknown>;
  const name = o.op;
  if (typeof name !== 'string' || !(name in KEYS)) {
    problems.add(item, `"op" is ${describe(name)}; expected one of ${PLAN_OP_NAMES.join(', ')}`);
    return undefined;
  }
  const op = name as PlanOpName;
  const at = `${item} (${op})`;
  const before = problems.list.length;
  const bad = (text: string) => problems.add(at, text);
  const { required, optional } = KEYS[op];
  for (const k of Object.keys(o)) if (k !== 'op' && !required.includes(k) && !optional.includes(k)) bad(`unknown key "${k}"`);
  for (const k of required) if (!(k in o)) bad(`"${k}" is missing`);
  if (problems.list.length > before) return undefined;

  const point = (key: string): LonLat | undefined => {
    const p = lonLat(o[key]);
    if (typeof p === 'string') return void bad(`"${key}" ${p}`);
    return p;
  };
  const line = (key: string, min: number): LonLat[] | undefined => {
    const p = lonLats(o[key], min);
    if (typeof p === 'string') return void bad(`"${key}" ${p}`);
    return p;
  };
  const code = (key: string, kind: keyof typeof CODE_CHECK, value = o[key]): string | undefined => {
    if (typeof value !== 'string' || !CODE_CHECK[kind].ok(value)) return void bad(`"${key}" is ${describe(value)}, not ${CODE_CHECK[kind].what}`);
    return value;
  };
  const codes = (key: string, kind: keyof typeof CODE_CHECK): string[] | undefined => {
    const v = o[key];
    if (!Array.isArray(v) || v.length < 2) return void bad(`"${key}" needs at least 2 codes, got ${describe(v)}`);
    const out: string[] = [];
    for (let i = 0; i < v.length; i++) {
      const c = code(`${key}[${i}]`, kind, v[i]);
      if (c === undefined) return undefined;
      if (out.includes(c)) return void bad(`"${key}" names ${c} twice`);
      out.push(c);
    }
    return out;
  };
  const done = <T extends PlanOp>(value: T): T | undefined => (problems.list.length > before ? undefined : value);

  switch (op) {
    case 'move-vertex': {
      const from = point('from');
      const to = point('to');
      return done({ op, from: from!, to: to! });
    }
    case 'move-vertices': {
      const v = o.moves;
      if (!Array.isArray(v) || v.length === 0) return void bad(`"moves" needs at least one { from, to }, got ${describe(v)}`);
      const moves: { from: LonLat; to: LonLat }[] = [];
      v.forEach((m, i) => {
        if (m === null || typeof m !== 'object' || Array.isArray(m)) return bad(`moves[${i}] is ${describe(m)}, not { from, to }`);
        const mm = m as Record<string, unknown>;
        for (const k of Object.keys(mm)) if (k !== 'from' && k !== 'to') bad(`moves[${i}]: unknown key "${k}"`);
        const from = lonLat(mm.from);
        const to = lonLat(mm.to);
        if (typeof from === 'string') bad(`moves[${i}].from ${from}`);
        if (typeof to === 'string') bad(`moves[${i}].to ${to}`);
        if (typeof from !== 'string' && typeof to !== 'string') moves.push({ from, to });
      });
      return done({ op, moves });
    }
    case 'insert-vertex':
    case 'delete-vertex': {
      const p = point('at');
      return done({ op, at: p! });
    }
    case 'split': {
      const grid = code('grid', 'grid');
      const l = line('line', 2);
      return done({ op, grid: grid!, line: l! });
    }
    case 'split-microgrid': {
      const c = code('code', 'micro');
      const l = line('line', 2);
      return done({ op, code: c!, line: l! });
    }
    case 'merge': {
      const grids = codes('grids', 'grid');
      return done({ op, grids: grids! });
    }
    case 'merge-microgrids': {
      const cs = codes('codes', 'micro');
      return done({ op, codes: cs! });
    }
    case 'revoke': {
      const grid = code('grid', 'grid');
      const into = code('into', 'grid');
      if (grid !== undefined && grid === into) bad(`"into" must be another grid than ${grid}`);
      return done({ op, grid: grid!, into: into! });
    }
    case 'add-microgrid': {
      const grid = code('grid', 'grid');
      const polygon = line('polygon', 3);
      if (polygon) {
        const distinct = new Set(polygon.map((p) => `${p[0]},${p[1]}`));
        if (distinct.size < 3) bad(`"polygon" needs at least 3 distinct points`);
      }
      if ('kind' in o && o.kind !== 'park') bad(`"kind" is ${describe(o.kind)}; only "park" (小微园区) may be given`);
      return done(o.kind === 'park' ? { op, grid: grid!, polygon: polygon!, kind: 'park' as const } : { op, grid: grid!, polygon: polygon! });
    }
    case 'delete-microgrid': {
      const c = code('code', 'micro');
      return done({ op, code: c! });
    }
    case 'set-microgrid-kind': {
      const c = code('code', 'micro');
      if (o.kind !== 'park' && o.kind !== null) bad(`"kind" is ${describe(o.kind)}; expected "park" or null`);
      return done({ op, code: c!, kind: o.kind as 'park' | null });
    }
    case 'assign-member': {
      const memberId = o.memberId;
      if (typeof memberId !== 'string' || memberId === '') bad(`"memberId" is ${describe(memberId)}, not a member id`);
      const gridCode = code('gridCode', 'grid');
      const role = o.role;
      if (typeof role !== 'string' || !(MEMBER_ROLES as readonly string[]).includes(role)) {
        bad(`"role" is ${describe(role)}; expected one of ${MEMBER_ROLES.join(', ')}`);
      }
      let microGridCode: string | undefined;
      if (role === 'micro-leader') {
        if (!('microGridCode' in o)) bad(`"microGridCode" is missing (a micro-leader leads one micro-grid)`);
        else microGridCode = code('microGridCode', 'micro');
        if (microGridCode && gridCode && !microGridCode.startsWith(gridCode)) {
          bad(`micro-grid ${microGridCode} is not under grid ${gridCode}`);
        }
      } else if ('microGridCode' in o) {
        bad(`"microGridCode" is only for the role micro-leader`);
      }
      const rec = { op, memberId: memberId as string, gridCode: gridCode!, role: role as MemberRole };
      return done(microGridCode ? { ...rec, microGridCode } : rec);
    }
    case 'import-boundaries': {
      const layer = o.layer;
      if (layer !== 'grid' && layer !== 'micro') bad(`"layer" is ${describe(layer)}; expected "grid" or "micro"`);
      if ('source' in o && (typeof o.source !== 'string' || o.source.length > 200)) bad(`"source" is ${describe(o.source)}, not a file name`);
      const v = o.units;
      if (!Array.isArray(v) || v.length === 0) return void bad(`"units" needs at least one { code, geometry }, got ${describe(v)}`);
      if (v.length > MAX_BOUNDARY_UNITS) return void bad(`"units" holds ${v.length} units; at most ${MAX_BOUNDARY_UNITS} are taken`);
      const units: BoundaryUnit[] = [];
      const seen = new Set<string>();
      for (let i = 0; i < v.length; i++) {
        const u = v[i] as Record<string, unknown>;
        const at = `units[${i}]`;
        if (u === null || typeof u !== 'object' || Array.isArray(u)) {
          bad(`${at} is ${describe(u)}, not { code, geometry }`);
          continue;
        }
        for (const k of Object.keys(u)) if (!['code', 'name', 'kind', 'geometry'].includes(k)) bad(`${at}: unknown key "${k}"`);
        if (typeof u.code !== 'string' || u.code.trim() === '') bad(`${at}.code is ${describe(u.code)}, not a code`);
        else if (seen.has(u.code)) bad(`${at}.code ${describe(u.code)} is given twice`);
        else seen.add(u.code);
        if ('name' in u && typeof u.name !== 'string') bad(`${at}.name is ${describe(u.name)}, not text`);
        const kinds: unknown[] = ['park', 'above', 'below'];
        if ('kind' in u && (!kinds.includes(u.kind) || layer !== 'micro')) bad(`${at}.kind is ${describe(u.kind)}; only a micro-grid has a kind: "park", "above" or "below"`);
        const geometry = areal(u.geometry);
        if (typeof geometry === 'string') bad(`${at}.geometry ${geometry}`);
        else if (typeof u.code === 'string') {
          const unit: BoundaryUnit = { code: u.code, geometry };
          if (typeof u.name === 'string') unit.name = u.name;
          if (kinds.includes(u.kind)) unit.kind = u.kind as BoundaryUnit['kind'];
          units.push(unit);
        }
      }
      const source = typeof o.source === 'string' ? { source: o.source } : {};
      return done({ op, layer: layer as 'grid' | 'micro', units, ...source });
    }
  }
}

/**
 * Parses a JSON array of operations. Throws one PlanError naming `where` and every problem (up to five, then a
 * count): `ops.json: item 3 (split): "line" needs at least 2 [lon, lat] pairs, got an array of 1`.
 * @example parseOps('[{"op":"merge","grids":["330424002012001","330424002012002"]}]', 'ops.json')
 */
export function parseOps(text: string, where: string): PlanOp[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new PlanError(`${where}: not JSON (${(e as Error).message.split('\n')[0]})`, undefined, { reason: 'bad-op' });
  }
  return checkOps(raw, where);
}

/**
 * The same checks on an already parsed value (a proposal's log, a worker message).
 * @example checkOps([{ op: 'delete-microgrid', code: '330424002012001001' }], 'proposal.json log')
 */
export function checkOps(raw: unknown, where: string): PlanOp[] {
  if (!Array.isArray(raw)) throw new PlanError(`${where}: expected a JSON array of operations, got ${describe(raw)}`, undefined, { reason: 'bad-op' });
  const problems = new Problems(where);
  const ops: PlanOp[] = [];
  raw.forEach((item, i) => {
    const op = parseOne(item, `item ${i + 1}`, problems);
    if (op) ops.push(op);
  });
  problems.throwIfAny();
  return ops;
}
