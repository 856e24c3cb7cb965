/**
 * The month statistics off the main thread (patrol area coverage alone takes most of a second on the bundled
 * community). Thin on purpose: datasetStats is the function the CLI's `stats` runs, so the app shows its numbers.
 * Every failure goes back as a message.
 */
import type { Dataset } from '../domain/types';
import { datasetStats } from '../geo/dataset-stats';
import { DatasetError } from '../io/errors';
import { urlSource } from '../io/url-source';
import { resolveDataset } from '../io/dataset-url';
import { exportTransfer, filterTransfer, StatsEngine } from './stats-engine';
import {
  analysisReads,
  type AnalysisReads,
  type LoadProgress,
  type StatsInput,
  type StatsError,
  type StatsReply,
  type StatsRequest,
} from './stats-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * The dataset of the latest `dataset` message: with its incidents once they are read, and complete (`full`) once its
 * patrols are too.
 */
let current: { key: number; reads: AnalysisReads } | null = null;
/** The filter engine of `current` (its incident columns and hex binnings are built once per dataset). */
let engine: { key: number; engine: StatsEngine } | null = null;

/** The newest request id per kind: an older one (of any kind but `stats`) still queued is skipped, not computed. */
const newest = { filter: 0, cell: 0, patrol: 0, incident: 0, enterprise: 0, export: 0, report: 0 };

/** The `stats` requests waiting for the dataset's files: they hear how far the download is (a `partial` reply). */
const waiting = new Set<number>();
/** How often progress goes out while bytes arrive (a county's incidents.bin arrives in thousands of chunks). */
const PROGRESS_MS = 100;

/**
 * The start-up read begun by a `prefetch` message: the folder's absolute URL, the file list of its dataset.json, and
 * its incidents and patrols (as analysisReads reads them), or null when there is no such read.
 */
let prefetched: Promise<{ url: string; files: string; reads: AnalysisReads } | null> | null = null;
/** The key of the dataset that took the prefetched read over (its progress goes to that dataset's requests). */
let prefetchKey = -1;

/**
 * Begins reading the start-up dataset's incidents and patrols. Server mode is left to the `dataset` message (the
 * API wants a session, which the app checks first); so is anything that fails here: the `dataset` message reads
 * again and reports the failure then.
 */
async function prefetch(
  search: string,
  pageUrl: string,
): Promise<{ url: string; files: string; reads: AnalysisReads } | null> {
  const { url, server } = await resolveDataset(search, pageUrl);
  if (server) return null;
  const baseUrl = new URL(url, pageUrl).href;
  const source = urlSource(baseUrl, fetch, { onProgress: progressOf(() => prefetchKey) });
  const manifest = await source.manifest();
  // Only the manifest matters to analysisReads (which files to read); the rest comes with `dataset`.
  return {
    url: baseUrl,
    files: JSON.stringify(manifest.files),
    reads: analysisReads(source, { manifest } as StatsInput),
  };
}

/**
 * A progress reporter for the files of the dataset whose key `keyOf` gives: the sum over the files read as bytes,
 * at most every PROGRESS_MS.
 */
function progressOf(keyOf: () => number) {
  const files = new Map<string, LoadProgress>();
  let last = 0;
  return (file: string, received: number, total: number | null) => {
    files.set(file, { received, total });
    const now = performance.now();
    const done = total !== null && received >= total;
    if ((!done && now - last < PROGRESS_MS) || current === null || current.key !== keyOf()) return;
    last = now;
    const sum: LoadProgress = { received: 0, total: 0 };
    for (const p of files.values()) {
      sum.received += p.received;
      sum.total = sum.total === null || p.total === null ? null : sum.total + p.total;
    }
    for (const id of waiting)
      scope.postMessage({ kind: 'stats', id, partial: true, progress: sum } satisfies StatsReply);
  };
}

/** Lets the messages already queued (a brush drag posts many) be received before computing. */
const yieldToQueue = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The order requests are answered in, once the dataset is read: what the analyst clicked (the filter's count and
 * charts, a hex cell, an incident or enterprise card: tens to hundreds of milliseconds) first, then the month's
 * `stats` (seconds on a county: its patrol area coverage), then the patrol trend (seconds too: twelve months of
 * visited enterprises). The page posts the month's stats and the filter together at start-up, and the patrol trend
 * when its tab or the tracks layer opens; answered in the order received, the count came after the heavy ones. Counts of each kind received and not yet answered.
 */
const pending = { interactive: 0, stats: 0 };
const kindOf = (type: StatsRequest['type']) =>
  type === 'stats' ? 'stats' : type === 'patrol' ? 'patrol' : 'interactive';

/** The engine of dataset `key`, made with the incidents and given the patrols once they are read (StatsEngine.adopt). */
function engineFor(key: number, dataset: Dataset, now: number): StatsEngine {
  if (engine?.key !== key || !engine.engine.adopt(dataset))
    engine = { key, engine: new StatsEngine(dataset, now) };
  return engine.engine;
}

function toError(err: unknown): StatsError {
  if (err instanceof DatasetError) return { file: err.file, where: err.where, message: err.detail };
  return { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

scope.onmessage = async (e: MessageEvent<StatsRequest>) => {
  const request = e.data;
  if (request.type === 'prefetch') {
    prefetched = prefetch(request.search, request.pageUrl).catch(() => null);
    return;
  }
  if (request.type === 'dataset') {
    const { key, baseUrl, dataset: input } = request;
    const pending = prefetched;
    prefetched = null;
    let again: AnalysisReads | null = null;
    const read = () =>
      (again ??= analysisReads(urlSource(baseUrl, fetch, { onProgress: progressOf(() => key) }), input));
    const early = Promise.resolve(pending).then((e) => {
      if (!e || e.url !== baseUrl || e.files !== JSON.stringify(input.manifest.files)) return null;
      prefetchKey = key;
      return e.reads;
    });
    // The start-up read, taken over (its datasets completed with `input`); should a part of it fail, the folder is
    // read again (and that failure reported).
    const incidents = early.then(async (e): Promise<Dataset> => {
      const d = e && (await e.incidents.catch(() => null));
      return d ? { ...input, incidents: d.incidents, incidentColumns: d.incidentColumns } : read().incidents;
    });
    const full = early.then(async (e): Promise<Dataset> => {
      const f = e && (await e.full.catch(() => null));
      return f ? { ...(await incidents), patrols: f.patrols } : read().full;
    });
    // Reported with the first request that needs each.
    incidents.catch(() => {});
    full.catch(() => {});
    current = { key, reads: { incidents, full } };
    engine = null;
    return;
  }
  const { id, key } = request;
  if (request.type !== 'stats') newest[request.type] = id;
  const kind = kindOf(request.type);
  if (kind !== 'patrol') pending[kind]++;
  let reply: StatsReply;
  try {
    if (!current || current.key !== key) throw new Error(`no dataset ${key} was sent to the stats worker`);
    if (request.type === 'stats') waiting.add(id);
    // The filter, its hex cells, the incident card and a download need the incidents alone (a layer's download
    // waits for them too: one path, and a layer is seldom asked for in the seconds a county's incidents take);
    // the rest the patrols as well.
    const needs =
      request.type === 'filter' ||
      request.type === 'cell' ||
      request.type === 'incident' ||
      request.type === 'export'
        ? 'incidents'
        : 'full';
    const dataset = await current.reads[needs].finally(() => waiting.delete(id));
    if (request.type !== 'stats') {
      await yieldToQueue();
      // The store keeps only the reply to its latest request; a superseded one is not worth a county's pass.
      if (id !== newest[request.type]) return;
    }
    if (kind !== 'interactive') {
      // Let the messages already sent be received (a dataset already read resolves at once), then wait for what
      // goes first.
      await yieldToQueue();
      await yieldToQueue();
      while (pending.interactive > 0 || (kind === 'patrol' && pending.stats > 0)) await yieldToQueue();
    }
    const start = performance.now();
    if (request.type === 'filter') {
      const report = engineFor(key, dataset, request.now).filter(request.filter, request.hexSizeM);
      reply = { kind: 'filter', id, ok: true, ms: performance.now() - start, ...report };
      scope.postMessage(reply, filterTransfer(report));
      return;
    }
    if (request.type === 'cell') {
      const list = engineFor(key, dataset, request.now).cell(request.filter, request.sizeM, request.cell);
      reply = { kind: 'cell', id, ok: true, ms: performance.now() - start, ...list };
      scope.postMessage(reply);
      return;
    }
    if (request.type === 'patrol') {
      const report = engineFor(key, dataset, request.now).patrol(request.month, request.months);
      reply = { kind: 'patrol', id, ok: true, ms: performance.now() - start, ...report };
      scope.postMessage(reply);
      return;
    }
    if (request.type === 'incident') {
      const record = engineFor(key, dataset, request.now).incident(request.incidentId);
      reply = { kind: 'incident', id, ok: true, ms: performance.now() - start, record };
      scope.postMessage(reply);
      return;
    }
    if (request.type === 'export') {
      // Written here, never on the page's thread: a county's million incidents are seconds of work and hundreds of
      // megabytes, which come back transferred, not copied.
      const report = engineFor(key, dataset, request.now).export(
        request.what,
        request.format,
        request.filter,
      );
      reply = { kind: 'export', id, ok: true, ms: performance.now() - start, ...report };
      scope.postMessage(reply, exportTransfer(reply));
      return;
    }
    if (request.type === 'report') {
      const { month, lang, validation, notValidated, now } = request;
      const report = engineFor(key, dataset, now).report(month, { lang, validation, notValidated, now });
      reply = { kind: 'report', id, ok: true, ms: performance.now() - start, ...report };
      scope.postMessage(reply);
      return;
    }
    if (request.type === 'enterprise') {
      const profile = engineFor(key, dataset, request.now).enterprise(request.enterpriseId);
      reply = { kind: 'enterprise', id, ok: true, ms: performance.now() - start, profile };
      scope.postMessage(reply);
      return;
    }
    const stats = datasetStats(dataset, { month: request.month, now: request.now });
    reply = { kind: 'stats', id, ok: true, stats, ms: performance.now() - start };
  } catch (err) {
    reply = { kind: request.type, id, ok: false, error: toError(err) };
  } finally {
    if (kind !== 'patrol') pending[kind]--;
  }
  scope.postMessage(reply);
};
