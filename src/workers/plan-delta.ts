/**
 * The draft's snapshot between the plan worker and the main thread, sent as a delta. An operation touches a few
 * units; copying every grid and micro-grid across the thread boundary after each one (5.8 MB on the county) costs
 * more than the operation itself. The worker remembers which feature object it last sent for each code and sends
 * the ordered list of codes in force plus only the features that are new or were replaced (the engine replaces a
 * unit's feature object whenever it changes it, and keeps the same object otherwise). The main thread rebuilds the
 * collections from the features it already holds, so an unchanged unit keeps its object there too (a consumer can
 * compare by identity). No Vue, no DOM.
 */
import type { GridFeature, Member, MicroGridFeature } from '../domain/types';
import type { PlanSnapshot } from './plan-messages';

/** One layer's change: the codes in force, in drawing order, and the features that are not the ones sent before. */
export interface LayerDelta<F> {
  codes: string[];
  changed: F[];
}

export interface PlanSnapshotDelta {
  delta: true;
  grids: LayerDelta<GridFeature>;
  microGrids: LayerDelta<MicroGridFeature>;
}

/** What one side holds of a layer: code → the feature object it last sent or received. */
export type LayerMemory<F> = Map<string, F>;

export interface SnapshotMemory {
  grids: LayerMemory<GridFeature>;
  microGrids: LayerMemory<MicroGridFeature>;
}

function layerDelta<F extends { properties: { code: string } }>(features: readonly F[], memory: LayerMemory<F>): LayerDelta<F> {
  const codes: string[] = [];
  const changed: F[] = [];
  for (const f of features) {
    const code = f.properties.code;
    codes.push(code);
    if (memory.get(code) !== f) {
      changed.push(f);
      memory.set(code, f);
    }
  }
  forgetAllBut(memory, codes);
  return { codes, changed };
}

/** Drops from `memory` every code not in `codes` (units retired since). */
function forgetAllBut(memory: Map<string, unknown>, codes: readonly string[]): void {
  if (memory.size === codes.length) return; // every code in `codes` is held, so nothing else is
  const keep = new Set(codes);
  for (const code of memory.keys()) if (!keep.has(code)) memory.delete(code);
}

/**
 * The worker's side: the delta from what `memory` says was sent to `snapshot`, and `memory` updated to it.
 * @example const memory = newSnapshotMemory(); post(full(snapshot, memory)); … post(snapshotDelta(next, memory));
 */
export function snapshotDelta(snapshot: PlanSnapshot, memory: SnapshotMemory): PlanSnapshotDelta {
  return {
    delta: true,
    grids: layerDelta(snapshot.grids.features, memory.grids),
    microGrids: layerDelta(snapshot.microGrids.features, memory.microGrids),
  };
}

export function newSnapshotMemory(): SnapshotMemory {
  return { grids: new Map(), microGrids: new Map() };
}

/** Remembers a whole snapshot as sent (or received), e.g. after a session starts. */
export function rememberSnapshot(snapshot: PlanSnapshot, memory: SnapshotMemory): void {
  memory.grids.clear();
  memory.microGrids.clear();
  for (const f of snapshot.grids.features) memory.grids.set(f.properties.code, f);
  for (const f of snapshot.microGrids.features) memory.microGrids.set(f.properties.code, f);
}

function applyLayer<F extends { properties: { code: string } }>(delta: LayerDelta<F>, memory: LayerMemory<F>, what: string): F[] {
  for (const f of delta.changed) memory.set(f.properties.code, f);
  const out: F[] = [];
  for (const code of delta.codes) {
    const f = memory.get(code);
    if (!f) throw new Error(`plan snapshot delta: ${what} ${code} is neither sent now nor held from before`);
    out.push(f);
  }
  forgetAllBut(memory, delta.codes);
  return out;
}

/**
 * The main thread's side: the full snapshot a delta describes, from the features `memory` holds (updated to it).
 * Throws when the delta names a unit it neither sends nor was sent before (the two sides fell out of step).
 */
export function applySnapshotDelta(delta: PlanSnapshotDelta, memory: SnapshotMemory): PlanSnapshot {
  return {
    grids: { type: 'FeatureCollection', features: applyLayer(delta.grids, memory.grids, 'grid') },
    microGrids: { type: 'FeatureCollection', features: applyLayer(delta.microGrids, memory.microGrids, 'micro-grid') },
  };
}

export function isSnapshotDelta(s: PlanSnapshot | PlanSnapshotDelta): s is PlanSnapshotDelta {
  return (s as PlanSnapshotDelta).delta === true;
}

/**
 * The draft's members (members.json as the draft has it: roles and grids from its `assign-member` operations, and
 * micro-grid leaders following their micro-grid's new code) after an edit: only those whose record changed. A plan
 * never adds or removes a member, so `count` is there to catch the two sides falling out of step.
 */
export interface MembersDelta {
  delta: true;
  count: number;
  changed: Member[];
}

/** One side's copy of the members: by id, and the order of members.json. */
export interface MembersMemory {
  byId: Map<string, Member>;
  order: string[];
}

export function newMembersMemory(): MembersMemory {
  return { byId: new Map(), order: [] };
}

export function rememberMembers(members: readonly Member[], memory: MembersMemory): void {
  memory.byId.clear();
  memory.order = members.map((m) => {
    memory.byId.set(m.id, m);
    return m.id;
  });
}

/** The worker's side: the members whose record is not the one sent before, and `memory` updated. */
export function membersDelta(members: readonly Member[], memory: MembersMemory): MembersDelta {
  const changed: Member[] = [];
  for (const m of members) {
    if (memory.byId.get(m.id) !== m) {
      changed.push(m);
      memory.byId.set(m.id, m);
    }
  }
  return { delta: true, count: members.length, changed };
}

/**
 * The main thread's side: the members a delta describes, in members.json's order (throws when out of step). When
 * nobody changed (most operations) and `previous` holds them, it is given back as it is, so what is derived from the
 * members is not derived again.
 */
export function applyMembersDelta(delta: MembersDelta, memory: MembersMemory, previous?: readonly Member[]): readonly Member[] {
  if (delta.count !== memory.order.length) {
    throw new Error(`plan members delta: the draft has ${delta.count} members, this side holds ${memory.order.length}`);
  }
  if (!delta.changed.length && previous?.length === delta.count) return previous;
  for (const m of delta.changed) {
    if (!memory.byId.has(m.id)) throw new Error(`plan members delta: member ${m.id} is not held on this side`);
    memory.byId.set(m.id, m);
  }
  return memory.order.map((id) => memory.byId.get(id)!);
}

export function isMembersDelta(m: readonly Member[] | MembersDelta): m is MembersDelta {
  return !Array.isArray(m);
}
