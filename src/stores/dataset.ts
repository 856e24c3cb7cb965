import { defineStore } from 'pinia';
import { markRaw, ref, shallowRef } from 'vue';
import { urlSource } from '../io/url-source';
import { loadVersionedDataset, type VersionedDataset } from '../io/server-version';
import { readBasemapGeojson } from '../io/dataset';
import { DatasetError, type ErrorReason } from '../io/errors';
import { buildIndex, type DatasetIndex } from '../geo/dataset-index';
import { OVERVIEW_LOAD_OPTIONS } from '../workers/dataset-preload';
import type { BasemapFC } from '../domain/types';
import type { DataRefusal } from '../io/dataset-url-policy';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

export interface LoadError {
  file: string;
  where?: string;
  message: string;
  /** The kind of problem, said in the UI's language (`message` is the technical detail, in English). */
  reason?: ErrorReason;
}

function toLoadError(e: unknown): LoadError {
  if (e instanceof DatasetError) return { file: e.file, where: e.where, message: e.detail, reason: e.reason };
  return { file: '', message: e instanceof Error ? e.message : String(e) };
}

/** What is loaded. The feature collections sit in a shallowRef (markRaw): Vue never walks them. */
export const useDatasetStore = defineStore('dataset', () => {
  const status = ref<LoadStatus>('idle');
  const error = shallowRef<LoadError | null>(null);
  const baseUrl = ref('');
  /** Bumped on every load, so watchers can tell one dataset from the next. */
  const version = ref(0);
  /**
   * The server's dataset version the loaded files came from (their X-GridSight-Version; one load never mixes two):
   * what an import applied to the server is checked against. null: static files, or the server did not say.
   */
  const serverVersion = ref<number | null>(null);
  const index = shallowRef<DatasetIndex | null>(null);
  /** A `?data=` link that was refused at start-up (the default dataset is shown instead); null once dismissed. */
  const refused = shallowRef<DataRefusal | null>(null);
  /**
   * basemap.geojson read on demand (ensureBasemap) when the dataset lists basemap.pmtiles: the maps draw the tiles
   * and the start-up read leaves the GeoJSON out; the planner snaps to its roads and draws it on the review maps.
   */
  const basemap = shallowRef<BasemapFC | null>(null);
  let basemapRead: Promise<void> | null = null;

  /** Loads the dataset at `url`; `started` is a read of that same URL already under way (see dataset-preload). */
  async function load(url: string, started?: Promise<VersionedDataset>): Promise<void> {
    const ticket = ++version.value;
    status.value = 'loading';
    serverVersion.value = null;
    error.value = null;
    baseUrl.value = url;
    index.value = null;
    basemap.value = null;
    basemapRead = null;
    try {
      const loaded = await (started ?? loadVersionedDataset(url, OVERVIEW_LOAD_OPTIONS));
      if (ticket !== version.value) return;
      index.value = markRaw(buildIndex(loaded.dataset));
      serverVersion.value = loaded.version;
      status.value = 'ready';
    } catch (e) {
      if (ticket !== version.value) return;
      error.value = toLoadError(e);
      status.value = 'error';
    }
  }

  /**
   * Reads basemap.geojson when the loaded dataset lists it but the start-up read left it out (basemap.pmtiles);
   * `basemap` then holds it. Once per dataset; a failure leaves `basemap` null (no snapping to roads) and is logged.
   */
  function ensureBasemap(): Promise<void> {
    const dataset = index.value?.dataset;
    if (!dataset || dataset.basemap || !dataset.manifest.files.includes('basemap.geojson')) return Promise.resolve();
    if (basemapRead) return basemapRead;
    const ticket = version.value;
    basemapRead = readBasemapGeojson(urlSource(baseUrl.value))
      .then((fc) => {
        if (ticket === version.value) basemap.value = markRaw(fc);
      })
      .catch((e: unknown) => {
        console.warn(`basemap.geojson: ${toLoadError(e).message}`);
      });
    return basemapRead;
  }

  return { status, error, baseUrl, version, serverVersion, index, refused, basemap, load, ensureBasemap };
});
