import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { useSessionStore } from './session';
import {
  OFFLINE_BASEMAP,
  parseBasemapConfig,
  type BasemapConfig,
  type BasemapConfigError,
} from '../io/basemap-config';

/** localStorage key of the chosen base map's id. */
export const BASEMAP_CHOICE_KEY = 'gridsight.basemap';

/**
 * Why the chosen base map was given up for the offline one: its tiles failed or never came (`tiles`), or the page's
 * Content-Security-Policy refuses its origin (`csp`). `host` only, never the URL (a 天地图 key is in its query).
 */
export interface BasemapFailure {
  id: string;
  reason: 'tiles' | 'csp';
  host: string;
}

function readChoice(): string {
  try {
    return globalThis.localStorage?.getItem(BASEMAP_CHOICE_KEY) ?? OFFLINE_BASEMAP;
  } catch {
    return OFFLINE_BASEMAP; // storage blocked (privacy mode): the offline base map each visit
  }
}

function writeChoice(id: string): void {
  try {
    globalThis.localStorage?.setItem(BASEMAP_CHOICE_KEY, id);
  } catch {
    /* storage blocked: the choice holds for this page only */
  }
}

/**
 * The base maps config.json offers (`basemaps`, io/basemap-config) and the one chosen in the layer switcher:
 * `offline` (the dataset's own base map, the default) or an entry's id. The choice is remembered in localStorage
 * and holds on every map screen with the switcher. A base map that fails falls back to `offline` for this page
 * (the remembered choice stays, so the next visit tries again) with `failure` saying why.
 */
export const useBasemapStore = defineStore('basemap', () => {
  const entries = shallowRef<BasemapConfig[]>([]);
  const errors = shallowRef<BasemapConfigError[]>([]);
  const stored = ref(readChoice());
  /** The notice: why the chosen base map was given up (null once dismissed or chosen again). */
  const failure = ref<BasemapFailure | null>(null);
  /** The chosen id given up on this page: it stays offered, but the maps show the offline base map. */
  const failed = ref<string | null>(null);
  let loading: Promise<void> | null = null;

  /** The entry drawn on the maps, or null for the offline base map. */
  const active = computed<BasemapConfig | null>(() => {
    if (stored.value === failed.value) return null;
    return entries.value.find((e) => e.id === stored.value) ?? null;
  });
  /** The id the switcher shows as chosen. */
  const choice = computed(() => active.value?.id ?? OFFLINE_BASEMAP);

  /** Reads `basemaps` from config.json (once per page; the session store has already fetched it). */
  function load(): Promise<void> {
    loading ??= useSessionStore()
      .detect()
      .then((config) => {
        const list = (config as { basemaps?: unknown } | null)?.basemaps;
        const result = parseBasemapConfig(list, window.location.href);
        entries.value = result.basemaps;
        errors.value = result.errors;
        // For the operator: the switcher only says how many were left out.
        for (const e of result.errors) console.warn(`${e.message}; this base map is not offered`);
      })
      .catch(() => {
        entries.value = [];
      });
    return loading;
  }

  function choose(id: string): void {
    stored.value = id;
    failed.value = null;
    failure.value = null;
    writeChoice(id);
  }

  /** The active base map could not be shown: the offline one comes back for this page, and the notice says why. */
  function fail(id: string, reason: BasemapFailure['reason'], host: string): void {
    if (active.value?.id !== id) return;
    failed.value = id;
    failure.value = { id, reason, host };
  }

  function dismissFailure(): void {
    failure.value = null;
  }

  return { entries, errors, active, choice, failure, load, choose, fail, dismissFailure };
});
