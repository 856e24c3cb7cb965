import type { Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

/**
 * `window.__gridsight`, the handle tests and benchmarks use: `map` is the map of the route on screen (null on a
 * route without a map) and `ready` a Promise that settles when that route is usable.
 *
 * `ready` never rejects (an unhandled rejection would dirty the console): it resolves with `{ ok: true }` once the
 * dataset is loaded, every layer is added and the map is idle, or with `{ ok: false, error }` when the dataset
 * could not be loaded (the error banner is then on screen). A new Promise replaces it when the route or the
 * dataset changes; while one is still pending it is kept, and it settles for whatever is on screen by then.
 */
export interface ReadyResult {
  ok: boolean;
  error?: { file: string; where?: string; message: string };
}

/**
 * `window.__gridsight.plan` on `#/plan` (null elsewhere): the draft for tests and tools. `snapshot()` gives the
 * draft's in-force units as `{ grids, microGrids }` FeatureCollections; `history` the change-log entries (operation
 * records; those from `cursor` on are the redo stack).
 */
export interface PlanHandle {
  snapshot(): { grids: FeatureCollection; microGrids: FeatureCollection } | null;
  readonly history: readonly unknown[];
  readonly cursor: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export interface GridsightHandle {
  map: MapLibreMap | null;
  ready: Promise<ReadyResult>;
  plan: PlanHandle | null;
}

declare global {
  interface Window {
    __gridsight: GridsightHandle;
  }
}

let settle: ((r: ReadyResult) => void) | null = null;
let generation = 0;

function pendingPromise(): Promise<ReadyResult> {
  return new Promise<ReadyResult>((resolve) => {
    settle = resolve;
  });
}

/** Installs the handle; call once before the app mounts so a test can pick up `ready` straight away. */
export function installHandle(): void {
  window.__gridsight = { map: null, ready: pendingPromise(), plan: null };
}

/** Marks the start of a new route or dataset; returns the token that `finishReady` must present. */
export function beginReady(): number {
  generation += 1;
  if (!settle) window.__gridsight.ready = pendingPromise();
  return generation;
}

/** Settles `ready` if no newer change has begun since `token` was handed out. */
export function finishReady(token: number, result: ReadyResult): void {
  if (token !== generation || !settle) return;
  const resolve = settle;
  settle = null;
  resolve(result);
}

/**
 * The `ready` round in progress (or last settled) when called: work that must not compete with the first picture
 * (validation, its layers) waits for it. Resolves at once where no handle is installed (unit tests, the CLI).
 * @example await currentReady(); startValidation()
 */
export function currentReady(): Promise<ReadyResult | undefined> {
  return typeof window === 'undefined' || !window.__gridsight ? Promise.resolve(undefined) : window.__gridsight.ready;
}

export function setHandleMap(map: MapLibreMap | null): void {
  window.__gridsight.map = map;
}

/** Installs (or, with null, removes) `window.__gridsight.plan`; a no-op where no handle is installed. */
export function setHandlePlan(plan: PlanHandle | null): void {
  if (typeof window !== 'undefined' && window.__gridsight) window.__gridsight.plan = plan;
}
