import { defineStore } from 'pinia';
import { ref, shallowRef, watch } from 'vue';
import type { ChangeLogEntry } from '../domain/plan/types';
import type { PlanRefusalReason, PlanRefusalValues } from '../domain/plan/refusals';
import { datasetAsOf } from '../domain/stats';
import { cstDay, formatCst } from '../domain/time';
import { DraftConflictError, idbDraftStore, revisionOf, type Draft, type DraftStore } from '../io/plan/draft-store';
import { datasetFingerprint } from '../io/plan/fingerprint';
import { useDatasetStore } from './dataset';
import { usePlanStore } from './plan';

/** The draft last worked on, per browser: opened again on the next visit (else the most recently updated one). */
const CURRENT_KEY = 'gridsight.plan.draft';

export type DraftsPhase = 'idle' | 'restoring' | 'ready';

/** Why a draft could not be replayed on the dataset loaded now (it is kept; work goes on in a new draft). */
export interface DraftRestoreFailure {
  name: string;
  /** The engine's English text; `reason` and `values` say it in the UI language (usePlanRefusalText). */
  message: string;
  reason?: PlanRefusalReason;
  values?: PlanRefusalValues;
  /**
   * How many entries from the start still apply (the engine names the first that does not: "entry 7 (split): …"),
   * which `salvage` replays into the new draft; 0 when none, or when the refusal names no entry.
   */
  usable: number;
}

/** The 1-based entry a refused replay names ("entry 7 (split): the line …"), or null. */
export function refusedEntry(message: string): number | null {
  const m = /^entry (\d+) \(/.exec(message);
  return m ? Number(m[1]) : null;
}

function readCurrent(): string | null {
  try {
    return globalThis.localStorage?.getItem(CURRENT_KEY) ?? null;
  } catch {
    return null; // storage blocked: the most recent draft opens instead
  }
}

function writeCurrent(id: string): void {
  try {
    globalThis.localStorage?.setItem(CURRENT_KEY, id);
  } catch {
    /* storage blocked: see readCurrent */
  }
}

/** A new draft id: time-ordered and unique in this browser. */
function newId(now: number): string {
  const rand = globalThis.crypto?.randomUUID?.().slice(0, 8) ?? Math.random().toString(16).slice(2, 10);
  return `draft-${now.toString(36)}-${rand}`;
}

/** Same entries (by op, time and who) and same cursor: nothing new to write. */
function sameLog(a: readonly ChangeLogEntry[], b: readonly ChangeLogEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e.at === b[i].at && e.op.op === b[i].op.op && e.who === b[i].who);
}

/**
 * The planner's drafts (issue 11): every operation, undo and redo of the plan store is saved at once to the draft
 * store (IndexedDB), so a reload, a closed tab or a killed browser loses nothing. A draft is its change log and
 * cursor; opening one replays the log on the dataset loaded now (plan.load). Each draft records the fingerprint of
 * the dataset it started from, and `changed` says when the dataset loaded now is another one.
 *
 * The store follows the plan store by itself once created (PlanPanel creates it): whenever a session becomes ready
 * on a dataset, the draft last worked on for that dataset is replayed (or a new one begins).
 */
export const useDraftsStore = defineStore('plan-drafts', () => {
  const plan = usePlanStore();
  const datasetStore = useDatasetStore();

  const phase = ref<DraftsPhase>('idle');
  /** The drafts of the dataset loaded now, most recently updated first. */
  const drafts = shallowRef<Draft[]>([]);
  /** The draft being edited (its log as last saved). */
  const current = shallowRef<Draft | null>(null);
  /** The dataset loaded now is not the one the current draft started from. */
  const changed = ref(false);
  const fingerprint = ref('');
  const restoreFailure = shallowRef<DraftRestoreFailure | null>(null);
  /** A failure to write (storage full, blocked): the planner must be told, the work is at risk. */
  const saveError = ref<string | null>(null);
  const savedAt = ref<string | null>(null);
  /** The current draft as last written: its cursor and log length (tests wait for these before a reload). */
  const saved = ref<{ id: string; cursor: number; entries: number } | null>(null);
  /** Writes asked for and not yet done. */
  const writing = ref(0);
  /** What new drafts are called, numbered ("草稿 1"): the panel sets it in the UI's language. */
  const baseName = ref('Draft');
  /** What a draft saved aside is called after its original's name ("草稿 1 (副本)"): set by the panel too. */
  const copySuffix = ref('(copy)');
  /**
   * The current draft was changed elsewhere (another tab) since this tab read it: this tab's work went on in a copy
   * instead of writing over the other tab's (`name`: the draft, `savedAs`: the copy).
   */
  const conflict = shallowRef<{ name: string; savedAs: string } | null>(null);

  let backend: DraftStore | null = null;
  const store = () => (backend ??= idbDraftStore());
  /** Writes one after another, so an older state never lands after a newer one. */
  let queue: Promise<unknown> = Promise.resolve();
  /** The plan store's datasetKey the drafts were restored for. */
  let restoredFor = -1;

  function datasetUrl(): string {
    return datasetStore.baseUrl || datasetStore.index?.dataset.manifest.name || '';
  }

  /** The effective date a new draft proposes: the dataset's asOf day in China time (the engine's default too). */
  function defaultEffective(): string {
    const d = datasetStore.index?.dataset;
    return cstDay(d ? datasetAsOf(d, Date.now()) : Date.now());
  }

  function fresh(name: string): Draft {
    const now = formatCst(Date.now());
    return {
      id: newId(Date.now()),
      name,
      dataset: datasetUrl(),
      baseFingerprint: fingerprint.value,
      createdAt: now,
      updatedAt: now,
      effective: defaultEffective(),
      log: [],
      cursor: 0,
    };
  }

  async function refresh(): Promise<void> {
    const url = datasetUrl();
    drafts.value = (await store().list()).filter((d) => d.dataset === url);
  }

  /** The copies this tab's work went on in, by the id of the draft another tab changed (see `conflict`). */
  const copies = new Map<string, Draft>();

  /**
   * The draft with its next revision, to write over the one it was made from (`expect`: that revision; null for a
   * draft never written).
   */
  function nextRevision(draft: Draft): { next: Draft; expect: number | null } {
    return { next: { ...draft, revision: revisionOf(draft) + 1 }, expect: draft.revision === undefined ? null : revisionOf(draft) };
  }

  /**
   * Writes a draft over the revision it was made from, after the writes asked for before it. When another tab has
   * written the draft since (a DraftConflictError), nothing is written over that: this tab's version goes into a copy
   * (made once per draft, later writes follow it), which becomes the current draft, and `conflict` says so.
   */
  function write(draft: Draft): Promise<void> {
    writing.value++;
    const { next, expect } = nextRevision(draft);
    if (current.value === draft) current.value = next;
    const done = queue.then(async () => {
      try {
        const written = await putOrCopy(next, expect);
        saveError.value = null;
        savedAt.value = written.updatedAt;
        saved.value = { id: written.id, cursor: written.cursor, entries: written.log.length };
      } catch (e) {
        saveError.value = e instanceof Error ? e.message : String(e);
      } finally {
        writing.value--;
      }
    });
    queue = done;
    return done.then(refresh);
  }

  async function putOrCopy(next: Draft, expect: number | null): Promise<Draft> {
    const copy = copies.get(next.id);
    if (copy) return putCopy(next, copy);
    try {
      await store().put(next, { expect });
      return next;
    } catch (e) {
      if (!(e instanceof DraftConflictError)) throw e;
      const now = formatCst(Date.now());
      const first: Draft = { ...next, id: newId(Date.now()), name: `${next.name} ${copySuffix.value}`, createdAt: now, updatedAt: now, revision: undefined };
      conflict.value = { name: next.name, savedAs: first.name };
      return putCopy(next, first);
    }
  }

  /** Writes `next` (a version of a draft changed elsewhere) into its copy, which becomes the current draft. */
  async function putCopy(next: Draft, copy: Draft): Promise<Draft> {
    const { next: written, expect } = nextRevision({ ...next, id: copy.id, name: copy.name, createdAt: copy.createdAt, revision: copy.revision });
    await store().put(written, { expect });
    copies.set(next.id, written);
    if (current.value?.id === next.id || current.value?.id === copy.id) {
      current.value = { ...written, log: current.value.log, cursor: current.value.cursor, effective: current.value.effective };
      writeCurrent(written.id);
    }
    return written;
  }

  /** Saves the plan store's log and cursor into the current draft, when they differ from what is saved. */
  async function save(): Promise<void> {
    const d = current.value;
    if (phase.value !== 'ready' || !d) return;
    if (d.cursor === plan.cursor && sameLog(d.log, plan.history)) return;
    const next: Draft = { ...d, log: [...plan.history], cursor: plan.cursor, updatedAt: formatCst(Date.now()) };
    current.value = next;
    await write(next);
  }

  /** Puts `draft` into the session: replays its log; on a refusal the draft is kept and `restoreFailure` says why. */
  async function open(draft: Draft): Promise<boolean> {
    phase.value = 'restoring';
    restoreFailure.value = null;
    const ok = await plan.load(draft.log, draft.cursor);
    if (!ok) {
      const message = plan.lastError?.message ?? plan.failure ?? '';
      const entry = refusedEntry(message);
      const usable = entry ? Math.min(entry - 1, draft.log.length) : 0;
      const { reason, values } = plan.lastError ?? {};
      restoreFailure.value = { name: draft.name, message, usable, ...(reason ? { reason, values } : {}) };
      failedLog = draft.log;
      // A refused replay leaves the session as it was: bring it back to the start and go on in a new draft, rather
      // than write over the one that failed (the planner may still delete it, or open it on its own dataset).
      const next = fresh(nextName());
      await plan.load([], 0);
      current.value = next;
      changed.value = false;
      writeCurrent(next.id);
      phase.value = 'ready';
      await write(next);
      return false;
    }
    current.value = draft;
    changed.value = draft.baseFingerprint !== fingerprint.value;
    writeCurrent(draft.id);
    phase.value = 'ready';
    return true;
  }

  /** The log of the draft whose replay was refused (for salvage); plain data, never reactive. */
  let failedLog: ChangeLogEntry[] = [];

  /**
   * Replays the entries of the refused draft that still apply into the new draft (its own, as the planner saw
   * them), replacing what the new draft holds; the refused draft stays as it was.
   */
  async function salvage(): Promise<boolean> {
    const failure = restoreFailure.value;
    if (!failure?.usable || phase.value !== 'ready') return false;
    const ok = await plan.load(failedLog.slice(0, failure.usable));
    if (ok) restoreFailure.value = null;
    return ok;
  }

  /** Opens the draft last worked on for the dataset in the session (or a new one): called when a session starts. */
  async function restore(): Promise<void> {
    const key = plan.datasetKey;
    restoredFor = key;
    phase.value = 'restoring';
    const dataset = datasetStore.index?.dataset;
    // In the plan worker (the session started on this dataset), here only if the worker cannot answer.
    fingerprint.value = dataset ? await plan.baseFingerprint().catch(() => datasetFingerprint(dataset)) : '';
    await refresh();
    if (key !== plan.datasetKey) return; // another dataset was loaded meanwhile: its own restore runs
    await idle();
    const last = readCurrent();
    const draft = drafts.value.find((d) => d.id === last) ?? drafts.value[0];
    // Work done before the restore came this far (an operation in the first moments) is never replaced by a
    // replay: it becomes a draft of its own, and the saved ones stay in the list.
    if (draft && !plan.history.length) {
      await open(draft);
      return;
    }
    current.value = { ...fresh(nextName()), log: [...plan.history], cursor: plan.cursor };
    changed.value = false;
    writeCurrent(current.value.id);
    phase.value = 'ready';
    await write(current.value);
  }

  /** Resolves once the plan store has no operation in flight (a replay sent now cannot overtake one). */
  function idle(): Promise<void> {
    if (!plan.pending) return Promise.resolve();
    return new Promise((resolve) => {
      const stop = watch(
        () => plan.pending,
        (n) => {
          if (n) return;
          stop();
          resolve();
        },
      );
    });
  }

  /** "草稿 3": the lowest number not taken by a draft of this dataset (the planner may rename it). */
  function nextName(): string {
    const names = new Set(drafts.value.map((d) => d.name));
    for (let n = 1; ; n++) if (!names.has(`${baseName.value} ${n}`)) return `${baseName.value} ${n}`;
  }

  /** Starts a new, empty draft (the current one stays saved as it is). */
  async function create(name: string): Promise<void> {
    await save();
    const draft = fresh(name.trim() || nextName());
    await open(draft);
    await write(draft);
  }

  /** Switches to another draft of this dataset: replays its log. */
  async function switchTo(id: string): Promise<boolean> {
    if (id === current.value?.id) return true;
    await save();
    const draft = await store().get(id);
    if (!draft) return false;
    return open(draft);
  }

  async function rename(id: string, name: string): Promise<void> {
    const clean = name.trim();
    if (!clean) return;
    const draft = id === current.value?.id ? current.value : await store().get(id);
    if (!draft) return;
    const next = { ...draft, name: clean };
    if (id === current.value?.id) current.value = next;
    await write(next);
  }

  /** Sets the effective date the current draft proposes (YYYY-MM-DD). */
  async function setEffective(effective: string): Promise<void> {
    if (!current.value || !/^\d{4}-\d{2}-\d{2}$/.test(effective)) return;
    current.value = { ...current.value, effective };
    await write(current.value);
  }

  /** Deletes a draft; deleting the current one opens the next most recent (or a new one). */
  async function remove(id: string): Promise<void> {
    await queue;
    await store().delete(id);
    await refresh();
    if (id !== current.value?.id) return;
    // Forget it first: nothing may save the deleted draft back on the way to the next one.
    current.value = null;
    const next = drafts.value[0];
    if (next) await open(next);
    else await create('');
  }

  /**
   * Boundaries handed over by an import (plan.pendingImport): a new draft, named after the file, whose first step
   * replaces the grids or micro-grids with the file's. The planner's other drafts stay as they were. A refused step
   * (a boundary outside the community…) leaves the new draft empty, with the refusal shown as for any operation.
   */
  async function takeImport(): Promise<void> {
    const pending = plan.pendingImport;
    if (!pending || phase.value !== 'ready' || plan.phase !== 'ready') return;
    plan.pendingImport = null;
    await create(pending.name);
    await plan.apply(pending.op);
  }

  /** For tests and for a server later: where drafts are kept. */
  function useBackend(b: DraftStore): void {
    backend = b;
  }

  // A session became ready on a dataset: restore its draft. After that, every change of the draft is saved.
  watch(
    () => [plan.phase, plan.datasetKey] as const,
    ([p, key]) => {
      if (p === 'ready' && key !== restoredFor) void restore();
      if (p !== 'ready' && p !== 'starting') {
        phase.value = 'idle';
        restoredFor = -1;
      }
    },
    { immediate: true },
  );
  watch(
    () => plan.version,
    () => void save(),
  );
  watch(
    () => [phase.value, plan.pendingImport] as const,
    () => void takeImport(),
    { immediate: true },
  );

  return {
    phase,
    drafts,
    current,
    changed,
    fingerprint,
    restoreFailure,
    saveError,
    savedAt,
    saved,
    writing,
    baseName,
    copySuffix,
    conflict,
    create,
    salvage,
    switchTo,
    rename,
    remove,
    setEffective,
    save,
    restore,
    nextName,
    useBackend,
    /** Resolves when every write asked for so far is done (tests, and submit before it reads the draft). */
    flushed: () => queue.then(() => undefined),
  };
});
