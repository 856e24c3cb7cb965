import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useDatasetStore } from './dataset';
import { useSessionStore } from './session';
import { defaultDatasetUrl } from '../io/dataset-url';

/** One dataset the user can pick: `name` is shown as it is (datasets name themselves), `url` is its folder. */
export interface CatalogEntry {
  name: string;
  url: string;
}

function parseEntries(json: unknown): CatalogEntry[] {
  const list = (json as { datasets?: unknown } | null)?.datasets;
  if (!Array.isArray(list)) return [];
  return list.filter(
    (e): e is CatalogEntry => !!e && typeof e.name === 'string' && typeof e.url === 'string' && !!e.name && !!e.url,
  );
}

/** Two spellings of one folder ("./data/x" and "data/x/") compare equal once resolved against the page. */
export function sameFolder(a: string, b: string, base: string = window.location.href): boolean {
  const norm = (u: string) => {
    const abs = new URL(u, base).href;
    return abs.endsWith('/') ? abs : `${abs}/`;
  };
  try {
    return norm(a) === norm(b);
  } catch {
    return a === b;
  }
}

/**
 * The datasets offered in the top bar (`datasets` in config.json) and switching between them: the choice goes into
 * `?data=` (history.replaceState, no page reload) and the dataset store loads it, which replaces `ready`.
 */
export const useCatalogStore = defineStore('catalog', () => {
  const dataset = useDatasetStore();
  const entries = ref<CatalogEntry[]>([]);
  /** config.json's default dataset (`data`), once config.json has been read; the top bar marks any other. */
  const defaultUrl = ref<string | null>(null);
  let fetched: Promise<void> | null = null;

  /**
   * Takes config.json's list; called after the first dataset is on screen. config.json is read once, at start-up,
   * where the session store finds whether the server serves the app (static or server mode).
   */
  function fetchEntries(): Promise<void> {
    fetched ??= (async () => {
      try {
        const json: unknown = await useSessionStore().detect();
        entries.value = parseEntries(json);
        defaultUrl.value = defaultDatasetUrl(json);
      } catch {
        // No list: the selector then offers only the dataset on screen.
        defaultUrl.value = defaultDatasetUrl(null);
      }
    })();
    return fetched;
  }

  function select(url: string): void {
    if (!url || (dataset.baseUrl && sameFolder(url, dataset.baseUrl) && dataset.status !== 'error')) return;
    const next = new URL(window.location.href);
    next.searchParams.set('data', url);
    window.history.replaceState(window.history.state, '', next);
    // The user chose: a refused start-up link is no longer what the screen is about.
    dataset.refused = null;
    void dataset.load(url);
  }

  return { entries, defaultUrl, fetchEntries, select };
});
