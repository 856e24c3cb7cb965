import type { Dataset } from '../domain/types';
import type { LoadOptions } from '../io/dataset';
import { DatasetError } from '../io/errors';
import type { LoadDatasetReply, LoadDatasetRequest } from '../workers/load-dataset-messages';

/** The overview draws places and people only; incidents and patrols are for later routes. */
export const OVERVIEW_LOAD_OPTIONS: LoadOptions = {
  skip: ['incidents.geojson', 'incidents.csv', 'patrols.geojson'],
};

/** A dataset read that has already begun: where it comes from, and the dataset (or the DatasetError). */
export interface PendingDataset {
  url: Promise<string>;
  dataset: Promise<Dataset>;
}

let pending: PendingDataset | null = null;

/**
 * Starts reading the start-up dataset (`?data=`, else config.json, else the bundled one) at once, in a worker, so
 * the files download and parse while Vue mounts and MapLibre starts WebGL, instead of after. Call it once from
 * main.ts; the app takes the read over with `takePreloadedDataset()`.
 * @example preloadDataset(); createApp(App).mount('#app')
 */
export function preloadDataset(search: string = window.location.search): void {
  const worker = new Worker(new URL('../workers/load-dataset.worker.ts', import.meta.url), {
    type: 'module',
    name: 'load-dataset',
  });
  const reply = new Promise<LoadDatasetReply>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<LoadDatasetReply>) => resolve(e.data);
    worker.onerror = (e) => reject(new Error(`dataset worker failed: ${e.message}`));
  }).finally(() => worker.terminate());
  const request: LoadDatasetRequest = { search, pageUrl: window.location.href, options: OVERVIEW_LOAD_OPTIONS };
  worker.postMessage(request);

  const url = reply.then((r) => r.url);
  const dataset = reply.then((r) => {
    if (r.ok) return r.dataset;
    throw 'file' in r.error ? new DatasetError(r.error.file, r.error.detail, r.error.where) : new Error(r.error.message);
  });
  // Reported by the store once it takes the read over; until then a failure must not count as unhandled.
  url.catch(() => {});
  dataset.catch(() => {});
  pending = { url, dataset };
}

/** The read `preloadDataset` began, once (null after the first call or when none was begun). */
export function takePreloadedDataset(): PendingDataset | null {
  const p = pending;
  pending = null;
  return p;
}
