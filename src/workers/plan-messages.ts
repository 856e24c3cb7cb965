/**
 * The messages between the plan worker (plan.worker.ts, which holds the PlanSession) and the plan store. One
 * request in, one reply out; every reply that changes the draft carries the view of it (`PlanView`): the status,
 * history and cursor whole, the snapshot whole after `start` and `load` and as a delta (plan-delta.ts: the codes in
 * force and only the units that changed) after an operation, undo or redo.
 */
import type { Dataset, GridFC, Member, MicroGridFC } from '../domain/types';
import type { ChangeLogEntry, LonLat, PlanOp, PlanStatus } from '../domain/plan/types';
import type { PlanRefusalReason, PlanRefusalValues } from '../domain/plan/refusals';
import type { MembersDelta, PlanSnapshotDelta } from './plan-delta';

/** The draft's in-force units, as `PlanSession.snapshot()` gives them. */
export interface PlanSnapshot {
  grids: GridFC;
  microGrids: MicroGridFC;
}

/**
 * What the main thread keeps of the draft after every operation, undo, redo or load. The units and members are
 * absent when they went ahead in a `units` message for the same request (so the map redraws while the worker
 * checks the draft).
 */
export interface PlanView {
  snapshot?: PlanSnapshot | PlanSnapshotDelta;
  /** The draft's members (whole with a whole snapshot, else the changed ones). */
  members?: Member[] | MembersDelta;
  status: PlanStatus;
  history: ChangeLogEntry[];
  /** Entries before `cursor` are applied; those from it on are the redo stack. */
  cursor: number;
}

/** The draft's units and members after an edit, sent ahead of the checks (a `partial` reply). */
export interface PlanDraftUnits {
  snapshot: PlanSnapshotDelta;
  members: MembersDelta;
}

/** Where the worker's time for one request went (ms), for the benchmark and the browser's performance panel. */
export interface PlanWorkerParts {
  /** The operation, undo, redo or replay itself (topology, codes, enterprises, incremental coverage). */
  edit: number;
  /** PlanSession.status(): compliance of the touched grids, findings, the diff. */
  status: number;
  /** The snapshot and members, as deltas or whole. */
  view: number;
}

export type PlanRequest =
  /** Starts a new session on `dataset` (the one the app shows); `now` is the dataset's asOf (epoch ms). */
  | { type: 'start'; id: number; dataset: Dataset; now: number; effective?: string }
  | { type: 'apply'; id: number; op: PlanOp; who: string; at: string; reason?: string }
  | { type: 'undo'; id: number }
  | { type: 'redo'; id: number }
  /** Replays a draft's log on the starting dataset; entries from `cursor` on stay as the redo stack. */
  | { type: 'load'; id: number; log: ChangeLogEntry[]; cursor: number }
  /**
   * The fingerprint (io/plan/fingerprint) of the dataset the session started on: computed here, where the dataset
   * already is, and not on the main thread (a county's takes over a second).
   */
  | { type: 'fingerprint'; id: number }
  /** The whole view again (the snapshot whole), when the main thread lost step with the deltas. */
  | { type: 'view'; id: number }
  /** The edited dataset (all contract files), e.g. for a proposal. */
  | { type: 'dataset'; id: number; effective?: string };

export type PlanReply =
  /** `ms`: the worker's time for the request; `parts`: how it divides (the edit, the status, the view sent). */
  | { id: number; ok: true; kind: 'view'; view: PlanView; entry?: ChangeLogEntry; ms: number; parts?: PlanWorkerParts }
  /** Ahead of the `view` reply to the same edit: its units, for the map (settles nothing: `partial`). */
  | { id: number; ok: true; kind: 'units'; partial: true; units: PlanDraftUnits }
  | { id: number; ok: true; kind: 'dataset'; dataset: Dataset }
  | { id: number; ok: true; kind: 'fingerprint'; fingerprint: string }
  /**
   * `refused`: the operation cannot apply (a PlanError: a split line that does not cross the grid…), nothing was
   * changed and the message is for the planner; otherwise the worker failed. `at`: where, when there is a place.
   * `reason` and `values`: the refusal's kind and what it names, for the text in the UI language (`plan.refusal.*`).
   */
  | {
      id: number;
      ok: false;
      refused: boolean;
      error: string;
      at?: LonLat;
      reason?: PlanRefusalReason;
      values?: PlanRefusalValues;
    };
