import type { LoadOptions } from '../io/dataset';
import type { VersionedDataset } from '../io/server-version';
import type { DataRefusal } from '../io/dataset-url-policy';
import { DatasetError } from '../io/errors';
import { REQUEST_PARAM, type LoadDatasetReply, type LoadDatasetRequest } from './load-dataset-messages';
import loadDatasetWorkerUrl from './load-dataset.worker.ts?worker&url';

/**
 * The overview draws places and people only; incidents and patrols are for later routes. A unit with malformed
 * geometry stays in the dataset (not drawn) for validation to report, as the CLI's validate reads it.
 */
export const OVERVIEW_LOAD_OPTIONS: LoadOptions = {
  skip: ['incidents.geojson', 'incidents.csv', 'incidents.bin', 'patrols.geojson', 'patrol-area.json'],
  lenientGeometry: true,
  basemapTiles: true,
};

/**
 * A dataset read that has already begun: where it comes from, and the dataset with the server version it came from
 * (or the DatasetError).
 */
export interface PendingDataset {
  url: Promise<string>;
  /** A `?data=` link that was not followed (dataset-url-policy), or null. */
  refused: Promise<DataRefusal | null>;
  loaded: Promise<VersionedDataset>;
  /** True when the server serves the data and nobody was logged in: nothing was read, `loaded` rejects. */
  signIn: Promise<boolean>;
}

let pending: PendingDataset | null = null;

/**
 * Starts reading the start-up dataset (`?data=`, else config.json, else the bundled one) at once, in a worker, so
 * the files download and parse while Vue mounts and MapLibre starts WebGL, instead of after. Call it once from
 * main.ts; the app takes the read over with `takePreloadedDataset()`.
 * @example preloadDataset(); createApp(App).mount('#app')
 */
export function preloadDataset(search: string = window.location.search): void {
  // The request rides in the worker's URL, not in a message: a message to a worker that is still starting is
  // handed over only when the main thread next yields, and at start-up it does not for ~300 ms (Vue mounts,
  // MapLibre creates its WebGL context), so the worker sat idle that long before reading anything.
  const request: LoadDatasetRequest = { search, pageUrl: window.location.href, options: OVERVIEW_LOAD_OPTIONS };
  const workerUrl = new URL(loadDatasetWorkerUrl, window.location.href);
  workerUrl.searchParams.set(REQUEST_PARAM, JSON.stringify(request));
  const worker = new Worker(workerUrl, { type: 'module', name: 'load-dataset' });
  const reply = new Promise<LoadDatasetReply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<LoadDatasetReply>) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(`dataset worker failed: ${e.message}`));
  }).finally(() => worker.terminate());

  const url = reply.then((r) => r.url);
  const refused = reply.then((r) => r.refused);
  const signIn = reply.then((r) => !r.ok && r.signIn === true).catch(() => false);
  const loaded = reply.then((r): VersionedDataset => {
    if (r.ok) return { dataset: r.dataset, version: r.version };
    throw 'file' in r.error ? new DatasetError(r.error.file, r.error.detail, r.error.where, r.error.reason) : new Error(r.error.message);
  });
  // Reported by the store once it takes the read over; until then a failure must not count as unhandled.
  url.catch(() => {});
  refused.catch(() => {});
  loaded.catch(() => {});
  pending = { url, refused, loaded, signIn };
}

/** The read `preloadDataset` began, once (null after the first call or when none was begun). */
export function takePreloadedDataset(): PendingDataset | null {
  const p = pending;
  pending = null;
  return p;
}
