import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { Dataset, Member } from '../domain/types';
import type { ChangeLogEntry, LonLat, PlanOp, PlanStatus } from '../domain/plan/types';
import type { PlanRefusalReason, PlanRefusalValues } from '../domain/plan/refusals';
import { createPlanClient, type PlanAsk, type PlanClient } from '../workers/plan-client';
import type { PlanReply, PlanSnapshot, PlanView, PlanWorkerParts } from '../workers/plan-messages';
import type { MembersDelta, PlanSnapshotDelta } from '../workers/plan-delta';
import { WorkerRequestError } from '../workers/client';
import {
  applyMembersDelta,
  applySnapshotDelta,
  isMembersDelta,
  isSnapshotDelta,
  newMembersMemory,
  newSnapshotMemory,
  rememberMembers,
  rememberSnapshot,
} from '../workers/plan-delta';
import { formatCst } from '../domain/time';

/** The editor's tools (`[data-testid=plan-tool][data-tool=…]`), in tool-bar order. */
export const PLAN_TOOLS = [
  'select',
  'vertex',
  'segment',
  'split',
  'merge',
  'revoke',
  'draw-microgrid',
  'split-microgrid',
  'merge-microgrids',
  'delete-microgrid',
  'park',
] as const;
export type PlanTool = (typeof PLAN_TOOLS)[number];

/** Why the last operation did not apply, for the planner; `at` is where, when there is a place to show. */
export interface PlanRefusal {
  /** The engine's English text (shown only where there is no reason to say it in the UI language). */
  message: string;
  at?: LonLat;
  /** The kind of refusal (`plan.refusal.<reason>`) and what it names; absent for a failure of the worker. */
  reason?: PlanRefusalReason;
  values?: PlanRefusalValues;
  /** Which operation (its `op` name); null for a failure of the worker itself. */
  op: PlanOp['op'] | null;
}

export type PlanPhase = 'idle' | 'starting' | 'ready' | 'error';

const WHO_KEY = 'gridsight.plan.who';
const SNAP_KEY = 'gridsight.plan.snapPx';
/**
 * A JSON copy: operation records are JSON, and a caller's record may hold Vue proxies (a reactive list of
 * points), which a worker message cannot carry.
 */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * A user-timing mark for the browser benchmark (tests/bench/plan-perf.mjs) and the browser's performance panel:
 * `plan:ask` (an edit sent to the worker), `plan:units` (its units arrived, ahead of the checks), `plan:reply` (its
 * answer arrived), `plan:shown` (the store holds it).
 * Only the latest of each name is kept.
 */
function mark(name: string): void {
  performance.clearMarks(name);
  performance.mark(name);
}

/** Snapping distance in screen pixels (issue 11: configurable, default 10 px). */
export const DEFAULT_SNAP_PX = 10;

function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage blocked (privacy mode): the planner types a name each session
  }
}

function writeStored(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    /* storage blocked: keep the value for this session only */
  }
}

/**
 * The planner's draft on the main thread. The PlanSession itself runs in the plan worker; this store keeps the
 * latest snapshot (markRaw: never deeply reactive), the live status, the change log and where undo stands, plus
 * what the editor needs (tool, selection by code, the last refusal, the planner's name).
 *
 * Every action that changes the draft resolves once the worker has answered and the state is updated, so a
 * panel can `await plan.apply(op)` and then read `plan.status`. Actions never throw for a refused operation: they
 * resolve null/false and put the reason in `lastError`.
 */
export const usePlanStore = defineStore('plan', () => {
  const phase = ref<PlanPhase>('idle');
  /** A failure of the worker or of starting the session (not a refused operation: see lastError). */
  const failure = ref<string | null>(null);
  /** The refusal that stopped the session from starting (a PlanError: a dataset the planner cannot use). */
  const startRefusal = shallowRef<PlanRefusal | null>(null);
  /** `failure` with its reason when it is a start refusal, for the text in the UI language (usePlanRefusalText). */
  const failureRefusal = computed<PlanRefusal | null>(() => {
    if (failure.value === null) return null;
    const r = startRefusal.value;
    return r && r.message === failure.value ? r : { message: failure.value, op: null };
  });
  const snapshot = shallowRef<PlanSnapshot | null>(null);
  /** The draft's members, as the engine has them (members.json of the draft), in the dataset's order. */
  const members = shallowRef<readonly Member[]>([]);
  const status = shallowRef<PlanStatus | null>(null);
  const history = shallowRef<ChangeLogEntry[]>([]);
  const cursor = ref(0);
  /**
   * Bumped whenever a new view is whole (after every operation, undo, redo, load: the status and history with the
   * units). An edit's units arrive a little before it (`snapshot` changes first): watch `snapshot` to draw them.
   */
  const version = ref(0);
  /** Operations, undos and redos sent and not yet answered. */
  const pending = ref(0);
  const tool = ref<PlanTool>('select');
  /** Selected units, by code (grids and micro-grids). */
  const selection = ref<string[]>([]);
  const lastError = shallowRef<PlanRefusal | null>(null);
  /**
   * Boundaries an import hands to the planner (the import dialog's 在规划中打开, then `#/plan`): the drafts store
   * opens a new draft named `name` and applies `op` in it, once the session and the drafts are ready.
   */
  const pendingImport = shallowRef<{ op: PlanOp; name: string } | null>(null);
  /** The planner's name, recorded in every change-log entry; remembered in localStorage. */
  const who = ref(readStored(WHO_KEY) ?? '');
  /** Snapping distance in pixels; remembered in localStorage. */
  const snapPx = ref(Number(readStored(SNAP_KEY)) || DEFAULT_SNAP_PX);
  /** Which dataset the session was started on (the dataset store's version), -1: none. */
  const datasetKey = ref(-1);
  /** Time the worker took for the last operation (ms), for the benchmark and the status line. */
  const lastMs = ref<number | null>(null);
  /** How the worker's time for the last operation divided (not reactive: for the benchmark and the profiler). */
  let lastParts: PlanWorkerParts | null = null;

  const canUndo = computed(() => cursor.value > 0);
  const canRedo = computed(() => cursor.value < history.value.length);
  const busy = computed(() => pending.value > 0 || phase.value === 'starting');

  watch(who, (name) => writeStored(WHO_KEY, name));
  watch(snapPx, (px) => writeStored(SNAP_KEY, String(px)));

  let client: PlanClient | null = null;
  function worker(): PlanClient {
    client ??= createPlanClient();
    return client;
  }

  /** The units the main thread holds, by code, for rebuilding the snapshot from the worker's deltas. */
  const held = newSnapshotMemory();
  const heldMembers = newMembersMemory();

  /** The full snapshot: whole after start/load, rebuilt from a delta after an edit (throws if out of step). */
  function snapshotOf(sent: PlanSnapshot | PlanSnapshotDelta): PlanSnapshot {
    if (!isSnapshotDelta(sent)) {
      rememberSnapshot(sent, held);
      return sent;
    }
    return applySnapshotDelta(sent, held);
  }

  function membersOf(sent: Member[] | MembersDelta): readonly Member[] {
    if (!isMembersDelta(sent)) {
      rememberMembers(sent, heldMembers);
      return sent;
    }
    return applyMembersDelta(sent, heldMembers, members.value);
  }

  /**
   * Takes the draft's units and members (whole or as deltas); false when they are out of step with the worker
   * (should not happen): then the whole view is asked for again instead of showing a wrong draft.
   */
  function showUnits(units: { snapshot: PlanSnapshot | PlanSnapshotDelta; members: Member[] | MembersDelta }): boolean {
    let next: PlanSnapshot;
    let people: readonly Member[];
    try {
      next = snapshotOf(units.snapshot);
      people = membersOf(units.members);
    } catch (e) {
      console.warn(e);
      void resync();
      return false;
    }
    snapshot.value = markRaw(next);
    members.value = markRaw(people);
    // Codes that no longer exist (retired by the operation, or brought back by an undo) leave the selection.
    const exists = new Set<string>();
    for (const f of next.grids.features) exists.add(f.properties.code);
    for (const f of next.microGrids.features) exists.add(f.properties.code);
    if (selection.value.some((c) => !exists.has(c))) selection.value = selection.value.filter((c) => exists.has(c));
    return true;
  }

  /** Takes a view: its units (unless they came ahead), then the status, history and cursor. */
  function show(view: PlanView, ms?: number, parts?: PlanWorkerParts): void {
    if (view.snapshot && view.members && !showUnits({ snapshot: view.snapshot, members: view.members })) return;
    status.value = markRaw(view.status);
    history.value = markRaw(view.history);
    cursor.value = view.cursor;
    version.value++;
    if (ms !== undefined) lastMs.value = ms;
    lastParts = parts ?? null;
  }

  async function resync(): Promise<void> {
    try {
      const reply = await worker().ask({ type: 'view' });
      if (reply.ok && reply.kind === 'view') show(reply.view, reply.ms);
      else if (!reply.ok) failure.value = reply.error;
    } catch (e) {
      failed(e);
    }
  }

  function failed(e: unknown): void {
    if (e instanceof WorkerRequestError && e.dropped) return;
    failure.value = e instanceof Error ? e.message : String(e);
  }

  /** Sends an edit; resolves with the reply when it changed the draft, null when it was refused or failed. */
  async function edit(ask: PlanAsk, op: PlanOp['op'] | null): Promise<Extract<PlanReply, { kind: 'view' }> | null> {
    if (phase.value !== 'ready' && phase.value !== 'starting') return null;
    pending.value++;
    try {
      mark('plan:ask');
      // The units come ahead of the checks: the map redraws them while the worker checks the draft.
      let outOfStep = false;
      const reply = await worker().ask(ask, (units) => {
        mark('plan:units');
        if (!outOfStep) outOfStep = !showUnits(units);
      });
      mark('plan:reply');
      if (!reply.ok) {
        if (reply.refused) lastError.value = { message: reply.error, at: reply.at, reason: reply.reason, values: reply.values, op };
        else failure.value = reply.error;
        return null;
      }
      if (reply.kind !== 'view' || outOfStep) return null;
      lastError.value = null;
      failure.value = null;
      show(reply.view, reply.ms, reply.parts);
      mark('plan:shown');
      return reply;
    } catch (e) {
      failed(e);
      return null;
    } finally {
      pending.value--;
    }
  }

  /**
   * Starts a new session on `dataset` (the app's, keyed by the dataset store's `version`): the draft is empty.
   * @example await plan.start(index.dataset, datasetStore.version)
   */
  async function start(dataset: Dataset, key: number, effective?: string): Promise<boolean> {
    datasetKey.value = key;
    phase.value = 'starting';
    failure.value = null;
    startRefusal.value = null;
    lastError.value = null;
    selection.value = [];
    try {
      const reply = await worker().ask({ type: 'start', dataset, now: Date.now(), ...(effective ? { effective } : {}) });
      if (key !== datasetKey.value) return false;
      if (!reply.ok || reply.kind !== 'view') {
        phase.value = 'error';
        failure.value = reply.ok ? 'unexpected reply' : reply.error;
        if (!reply.ok && reply.refused) startRefusal.value = { message: reply.error, reason: reply.reason, values: reply.values, op: null };
        return false;
      }
      show(reply.view, reply.ms);
      phase.value = 'ready';
      return true;
    } catch (e) {
      if (e instanceof WorkerRequestError && e.dropped) return false;
      phase.value = 'error';
      failed(e);
      return false;
    }
  }

  /** Applies one operation (one undo step). Resolves with its change-log entry, or null when refused (see lastError). */
  async function apply(op: PlanOp, reason?: string): Promise<ChangeLogEntry | null> {
    const ask: PlanAsk = { type: 'apply', op: plain(op), who: who.value.trim(), at: formatCst(Date.now()), ...(reason ? { reason } : {}) };
    const reply = await edit(ask, op.op);
    return reply?.entry ?? null;
  }

  async function undo(): Promise<boolean> {
    if (!canUndo.value) return false;
    return (await edit({ type: 'undo' }, null)) !== null;
  }

  async function redo(): Promise<boolean> {
    if (!canRedo.value) return false;
    return (await edit({ type: 'redo' }, null)) !== null;
  }

  /** Restores a draft: replays `log` on the starting dataset, the entries from `cursor` on left to redo. */
  async function load(log: ChangeLogEntry[], at: number = log.length): Promise<boolean> {
    return (await edit({ type: 'load', log: plain(log), cursor: at }, null)) !== null;
  }

  /** The edited dataset, every contract file (units with history and lineage, enterprises reassigned, members). */
  async function dataset(effective?: string): Promise<Dataset> {
    const reply = await worker().ask({ type: 'dataset', ...(effective ? { effective } : {}) });
    if (!reply.ok) throw new Error(reply.error);
    if (reply.kind !== 'dataset') throw new Error('plan worker: unexpected reply to dataset');
    return reply.dataset;
  }

  let fingerprinted: { key: number; promise: Promise<string> } | null = null;
  /**
   * The fingerprint of the dataset the session started on (io/plan/fingerprint), computed once per session in the
   * worker, which holds the dataset already: on the main thread a county's took over a second. Rejects when the
   * worker cannot answer (the caller may then compute it itself).
   */
  function baseFingerprint(): Promise<string> {
    const key = datasetKey.value;
    if (fingerprinted?.key === key) return fingerprinted.promise;
    const promise = worker()
      .ask({ type: 'fingerprint' })
      .then((reply) => {
        if (!reply.ok) throw new Error(reply.error);
        if (reply.kind !== 'fingerprint') throw new Error('plan worker: unexpected reply to fingerprint');
        return reply.fingerprint;
      });
    fingerprinted = { key, promise };
    promise.catch(() => {
      if (fingerprinted?.promise === promise) fingerprinted = null;
    });
    return promise;
  }

  function setTool(t: PlanTool): void {
    tool.value = t;
  }

  /** Replaces the selection (codes); `toggle` adds a code that is not in it and removes one that is. */
  function select(codes: string[], mode: 'replace' | 'toggle' = 'replace'): void {
    if (mode === 'replace') {
      selection.value = [...codes];
      return;
    }
    const next = new Set(selection.value);
    for (const c of codes) if (!next.delete(c)) next.add(c);
    selection.value = [...next];
  }

  function clearError(): void {
    lastError.value = null;
  }

  /** Ends the session and its worker (the view unmounts, or a new dataset is loaded). */
  function stop(): void {
    client?.terminate();
    client = null;
    fingerprinted = null;
    phase.value = 'idle';
    datasetKey.value = -1;
    snapshot.value = null;
    held.grids.clear();
    held.microGrids.clear();
    rememberMembers([], heldMembers);
    members.value = [];
    status.value = null;
    history.value = [];
    cursor.value = 0;
    selection.value = [];
    lastError.value = null;
    failure.value = null;
  }

  return {
    phase,
    failure,
    failureRefusal,
    snapshot,
    members,
    status,
    history,
    cursor,
    version,
    pending,
    busy,
    canUndo,
    canRedo,
    tool,
    selection,
    lastError,
    pendingImport,
    who,
    snapPx,
    datasetKey,
    lastMs,
    workerParts: () => lastParts,
    start,
    apply,
    undo,
    redo,
    load,
    dataset,
    baseFingerprint,
    setTool,
    select,
    clearError,
    stop,
  };
});
