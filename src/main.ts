import { createApp } from 'vue';
import { createPinia } from 'pinia';
import { setWorkerUrl } from 'maplibre-gl';
// maplibre-gl 6 starts its worker from a separate file; bundled, that file must be served from our own origin.
import maplibreWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import App from './App.vue';
import { i18n } from './i18n';
import { installHandle } from './app/handle';
import { routeNow, startHashRoute } from './router/hash-route';
import { preloadDataset } from './workers/dataset-preload';
import { prestartStats } from './workers/stats-client';

// First of all: the dataset downloads and parses while Vue mounts and MapLibre starts WebGL and its worker. The wall
// screen reads (and re-reads) the dataset in a worker of its own and needs none of this.
if (routeNow() !== '/wall') preloadDataset();
// The analyst's incidents and patrols too, in the worker that computes with them (a county's take seconds to arrive).
if (routeNow() === '/analyze') prestartStats();
setWorkerUrl(maplibreWorkerUrl);
// Before mounting, so a test that looks for window.__gridsight.ready finds it at once.
installHandle();
startHashRoute();
document.documentElement.lang = i18n.global.locale.value;

createApp(App).use(createPinia()).use(i18n).mount('#app');
