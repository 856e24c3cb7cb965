import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ImportContext, ImportTarget } from '../io/import/pipeline';
import { AREAL_LAYERS } from '../io/layers';
import { createImportClient, type ImportClient } from '../workers/import-client';
import { WorkerRequestError } from '../workers/client';
import type { ImportFailure, ImportSuccess } from '../workers/import-messages';
import {
  parseRemembered,
  recallMapping,
  rememberMapping,
  type RememberedMapping,
} from '../io/import/column-layout';

const failed = (code: string, message: string): ImportFailure => markRaw({ id: 0, ok: false, code, message });
import { useDatasetStore } from './dataset';
import { useSessionStore } from './session';
import { usePlanStore } from './plan';
import { boundaryOp, PLANNABLE_TARGETS } from '../io/import/boundary-op';
import {
  headVersionId,
  postImport,
  SERVER_IMPORT_TARGETS,
  type ServerImportResult,
} from '../io/server-import';
import { ApiError } from '../io/server-http';

/** Largest file read, as the CLI's `import`: a 100 MB CSV is the benchmark; twice that leaves room. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;

export type ImportPhase = 'idle' | 'running' | 'done' | 'applied';

/** Column mappings the user gave, per file layout (io/import/column-layout), in this browser. */
const MAPPINGS_KEY = 'gridsight.import.mappings';

function readRemembered(): RememberedMapping[] {
  try {
    return parseRemembered(globalThis.localStorage?.getItem(MAPPINGS_KEY) ?? null);
  } catch {
    return []; // storage blocked: nothing remembered, the picker asks each time
  }
}

function writeRemembered(list: RememberedMapping[]): void {
  try {
    globalThis.localStorage?.setItem(MAPPINGS_KEY, JSON.stringify(list));
  } catch {
    /* storage blocked or full: the mapping is used for this file, only not remembered */
  }
}

/**
 * The import dialog's state: the file chosen (a File handle: its bytes go to the import worker, never into Vue),
 * what it is to become and how to read it, and the worker's answer (markRaw: a report and features can be large).
 * In static mode nothing here changes the loaded dataset: `applied` only records that the user took the result (a
 * download). In server mode, a role that may `data.import` applies merged enterprises (a new dataset version) or
 * incidents (merged by id into the server's) to the server instead (`applyToServer`); the dataset is read again.
 */
export const useImportStore = defineStore('import', () => {
  const dataset = useDatasetStore();
  const session = useSessionStore();
  const file = shallowRef<File | null>(null);
  /** Bumped with each file chosen: the worker keeps the bytes of one token. */
  const token = ref(0);
  const as = ref<ImportTarget>('grids');
  /** '' = the file's own (its .prj, its format), else a code crs.ts reads. */
  const crs = ref('');
  /** '' = the readers' default (a .cpg, else GBK for a Shapefile; UTF-8 or a guess for a CSV). */
  const encoding = ref('');
  const swapXY = ref(false);
  /** The layer chosen when the file has several; '' = the first. */
  const layer = ref('');
  /** Property → column, for the properties the file's columns were not recognised for. */
  const mapping = ref<Record<string, string>>({});
  /**
   * The mapping taken from an earlier file with the same columns (the dialog says so, and offers to choose again);
   * null when the user chose it, or none was needed.
   */
  const recalled = ref<Record<string, string> | null>(null);
  /** The user chose again: this file is not given the remembered mapping a second time. */
  let skipRecall = false;
  /** The file's columns, from the last answer that listed them: the layout a mapping is remembered for. */
  let columns: string[] | null = null;
  const phase = ref<ImportPhase>('idle');
  const progress = ref<{ stage: 'read' | 'check'; done: number } | null>(null);
  const result = shallowRef<ImportSuccess | null>(null);
  const failure = shallowRef<ImportFailure | null>(null);
  /** The file's layers, from the last answer. */
  const layers = computed(() => result.value?.layers ?? failure.value?.layers ?? []);

  let client: ImportClient | null = null;
  let ticket = 0;

  /**
   * Server mode, enterprises or incidents, and a role that may import: the result can be applied to the server's
   * data (enterprises: the next version; incidents: merged by id into the server's).
   */
  const canApply = computed(
    () => session.mode === 'server' && session.can('data.import') && SERVER_IMPORT_TARGETS.has(as.value),
  );
  /**
   * The version the preview rests on: the one the loaded dataset's files came from (dataset.serverVersion, their
   * X-GridSight-Version); only when they did not say, the head GET /api/versions named when the check ran. null:
   * not asked, or the server did not say.
   */
  const serverBase = ref<number | null>(null);
  const applying = ref(false);
  /** The server's answer to the last apply, or its refusal (status 409: the data changed meanwhile). */
  const serverResult = shallowRef<ServerImportResult | null>(null);
  const applyError = shallowRef<{ status: number; message: string } | null>(null);

  /**
   * The base map's roads and buildings, for the GCJ-02/BD-09 hint on points; per loaded dataset. The same array
   * each time for one version: the import client copies it to the worker once per version, not per run.
   */
  let basemapFit: { version: number; features: Feature[] } | null = null;
  async function basemapFeatures(): Promise<Feature[] | undefined> {
    const version = dataset.version;
    if (basemapFit?.version === version) return basemapFit.features;
    // With basemap.pmtiles the start-up read left basemap.geojson out: read it now (once per dataset).
    await dataset.ensureBasemap();
    if (dataset.version !== version) return undefined; // another dataset meanwhile: context() asks again
    const fc = dataset.index?.dataset.basemap ?? dataset.basemap;
    if (!fc) return undefined;
    const features = fc.features.filter(
      (f) => f.properties?.kind === 'road' || f.properties?.kind === 'building',
    );
    basemapFit = { version, features: features as Feature[] };
    return basemapFit.features;
  }

  /**
   * What the pipeline checks against: the loaded communities; the loaded enterprises, to merge into by id; for
   * points, the base map's roads and buildings. Keyed by the dataset's version: the import worker keeps each part
   * per version (and the base map's index), so a re-run with other options sends none of them again.
   */
  async function context(): Promise<ImportContext & { key: number }> {
    const key = dataset.version;
    const d = dataset.index?.dataset;
    const ctx: ImportContext & { key: number } = { key };
    if (as.value !== 'community' && d?.community)
      ctx.communities = d.community.features as Feature<Polygon | MultiPolygon>[];
    if (as.value === 'enterprises' && d?.enterprises) ctx.existing = d.enterprises.features as Feature[];
    if (as.value === 'enterprises' || as.value === 'incidents') ctx.basemap = await basemapFeatures();
    // The dataset was read again while the base map was: its parts, under its own version.
    return dataset.version === key ? ctx : context();
  }

  /** The answer merges into the loaded dataset's layer (enterprises), rather than standing alone. */
  const merges = computed(() => as.value === 'enterprises' && !!dataset.index?.dataset.enterprises);
  const areal = computed(() => AREAL_LAYERS.has(as.value));
  /** Grids or micro-grids: the accepted boundaries can open as a planner draft (openInPlanner). */
  const plannable = computed(() => PLANNABLE_TARGETS[as.value] !== undefined);

  /**
   * Hands the accepted boundaries to the planner: a new draft named after the file, whose first step replaces the
   * grids (or micro-grids) with them. The caller then goes to `#/plan`. Nothing changes in the dataset: the draft
   * is reviewed, and submitted as any other.
   */
  function openInPlanner(): boolean {
    const r = result.value;
    const name = file.value?.name ?? r?.report.file ?? '';
    const op = r ? boundaryOp(r.preview.features, as.value, name) : null;
    if (!op) return false;
    usePlanStore().pendingImport = markRaw({ op, name });
    phase.value = 'applied';
    return true;
  }

  async function run(): Promise<void> {
    const f = file.value;
    if (!f) return;
    const mine = ++ticket;
    phase.value = 'running';
    progress.value = { stage: 'read', done: 0 };
    result.value = null;
    failure.value = null;
    serverResult.value = null;
    applyError.value = null;
    serverBase.value = null;
    if (f.size > MAX_IMPORT_BYTES) {
      failure.value = failed('tooLarge', `${f.name} is larger than 512 MB`);
      phase.value = 'done';
      return;
    }
    client ??= createImportClient();
    const map = Object.fromEntries(Object.entries(mapping.value).filter(([, c]) => c));
    try {
      const ctx = await context();
      if (mine !== ticket) return;
      // The version the loaded communities and enterprises the check rests on came from (context() returns the
      // loaded dataset's parts); the head now only when the loaded files did not say.
      const loaded = dataset.serverVersion;
      const base = !canApply.value
        ? null
        : loaded !== null
          ? loaded
          : headVersionId(session.apiFetch).catch(() => null);
      const reply = await client.run(
        f,
        f.name,
        token.value,
        {
          as: as.value,
          ...(crs.value ? { crs: crs.value } : {}),
          ...(encoding.value ? { encoding: encoding.value } : {}),
          ...(layer.value ? { layer: layer.value } : {}),
          swapXY: swapXY.value,
          ...(Object.keys(map).length ? { map } : {}),
          context: ctx,
        },
        (p) => {
          if (mine === ticket) progress.value = { stage: p.stage, done: p.done };
        },
      );
      if (mine !== ticket) return;
      if (reply.ok) {
        const baseVersion = await base;
        if (mine !== ticket) return;
        serverBase.value = baseVersion ?? null;
        result.value = markRaw(reply);
        if (columns && Object.keys(map).length)
          writeRemembered(rememberMapping(readRemembered(), as.value, columns, map, Date.now()));
      } else {
        if (reply.code === 'missingColumn' && reply.columns) {
          columns = reply.columns;
          const earlier =
            skipRecall || Object.keys(map).length ? null : recallMapping(readRemembered(), as.value, columns);
          if (earlier) {
            mapping.value = earlier;
            recalled.value = earlier;
            return run();
          }
        }
        failure.value = markRaw(reply);
      }
    } catch (e) {
      if (mine !== ticket) return;
      if (e instanceof WorkerRequestError && e.dropped) return;
      failure.value = failed('failed', e instanceof Error ? e.message : String(e));
    }
    if (mine !== ticket) return;
    progress.value = null;
    phase.value = 'done';
  }

  /**
   * Sends the file to the server (enterprises: the next version; incidents: merged by id), on the version the
   * preview rests on, then reads the dataset again. A refusal is kept in `applyError` (409: someone changed the
   * data meanwhile; 400: the server's reason); the download stays available either way.
   */
  async function applyToServer(): Promise<ServerImportResult | null> {
    const r = result.value;
    if (!r || !r.report.counts.accepted || !canApply.value || applying.value) return null;
    const mine = ticket;
    applying.value = true;
    applyError.value = null;
    try {
      const baseVersion =
        serverBase.value ?? dataset.serverVersion ?? (await headVersionId(session.apiFetch));
      const answer = await postImport(session.apiFetch, { file: r.report.file, bytes: r.file, baseVersion });
      if (mine !== ticket) return answer;
      serverResult.value = markRaw(answer);
      phase.value = 'applied';
      if (dataset.baseUrl) void dataset.load(dataset.baseUrl);
      return answer;
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      if (mine === ticket) applyError.value = { status, message: e instanceof Error ? e.message : String(e) };
      // The data changed meanwhile: read it again, so the next check merges into what the server now holds.
      if (status === 409 && dataset.baseUrl) void dataset.load(dataset.baseUrl);
      return null;
    } finally {
      applying.value = false;
    }
  }

  /** A new file: read it with the options as they are. */
  function choose(f: File): void {
    file.value = markRaw(f);
    token.value++;
    layer.value = '';
    mapping.value = {};
    recalled.value = null;
    skipRecall = false;
    columns = null;
    void run();
  }

  /** The remembered mapping was wrong for this file: forget it for this layout, and ask for the columns again. */
  function chooseAgain(): void {
    if (columns) writeRemembered(rememberMapping(readRemembered(), as.value, columns, {}, Date.now()));
    mapping.value = {};
    recalled.value = null;
    skipRecall = true;
    void run();
  }

  /** Stops reading or checking now (the worker is terminated); the file stays chosen, to try again. */
  function cancel(): void {
    ticket++;
    client?.cancel();
    progress.value = null;
    phase.value = 'idle';
  }

  /** Forgets the file and the answer, and lets the worker go (the dialog closes with nothing changed). */
  function close(): void {
    cancel();
    client = null;
    file.value = null;
    result.value = null;
    failure.value = null;
    serverResult.value = null;
    applyError.value = null;
    serverBase.value = null;
    mapping.value = {};
    recalled.value = null;
    layer.value = '';
  }

  // Another target, CRS, encoding, axis order or layer: check again (the worker still holds the bytes).
  watch([as, crs, encoding, swapXY, layer], ([nextAs], [prevAs]) => {
    if (nextAs !== prevAs) {
      mapping.value = {};
      recalled.value = null;
    }
    if (file.value && phase.value !== 'applied') void run();
  });

  return {
    file,
    token,
    as,
    crs,
    encoding,
    swapXY,
    layer,
    mapping,
    recalled,
    phase,
    progress,
    result,
    failure,
    layers,
    merges,
    areal,
    plannable,
    openInPlanner,
    canApply,
    serverBase,
    applying,
    serverResult,
    applyError,
    applyToServer,
    run,
    choose,
    chooseAgain,
    cancel,
    close,
  };
});
