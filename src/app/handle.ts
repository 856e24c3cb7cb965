import type { Map as MapLibreMap } from 'maplibre-gl';

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

export interface GridsightHandle {
  map: MapLibreMap | null;
  ready: Promise<ReadyResult>;
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
  window.__gridsight = { map: null, ready: pendingPromise() };
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
