import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef } from 'vue';
import type { WallError, WallGeometry, WallReply, WallRequest, WallSnapshot } from '../workers/wall-messages';
import type { IncidentRecord } from '../domain/incident-record';
import { WorkerClient } from '../workers/client';
import { defaultDatasetUrl, resolveDataset } from '../io/dataset-url';
import { sameDatasetFolder, type DataRefusal } from '../io/dataset-url-policy';
import { WALL_DEFAULTS, hashQuery, nextDelay, wallConfig, type WallConfig } from '../io/wall-config';
import { subscribeChanges } from '../io/server-events';
import { useSessionStore } from './session';

/**
 * The wall screen's data (issue 5): a worker of its own re-reads the dataset every `refresh` seconds with
 * conditional requests and answers with a snapshot only when something changed. The snapshot and the map geometry
 * sit in shallowRefs, markRaw; `version` and `geometryVersion` say when they were replaced. A failed re-read keeps
 * the last good snapshot, records why, and retries with a doubling wait until a re-read succeeds. In server mode the
 * server's change notices (GET /api/events) start a re-read at once; the timer stays as the fallback.
 */
export const useWallStore = defineStore('wall', () => {
  const config = ref<WallConfig>({ ...WALL_DEFAULTS });
  const configProblems = ref<string[]>([]);
  const snapshot = shallowRef<WallSnapshot | null>(null);
  const geometry = shallowRef<WallGeometry | null>(null);
  const geometryVersion = ref(0);
  /** Epoch ms of the last re-read that succeeded (changed or not). */
  const checkedAt = ref<number | null>(null);
  /** Epoch ms when the snapshot on screen was made. */
  const updatedAt = ref<number | null>(null);
  const error = shallowRef<WallError | null>(null);
  const failures = ref(0);
  /** Re-reads answered "unchanged" and re-reads in all: the soak test reads them. */
  const unchangedCount = ref(0);
  const checks = ref(0);
  const stale = computed(() => error.value !== null && snapshot.value !== null);
  /** The folder re-read, whether it is config.json's default, and a `?data=` link refused in its place. */
  const source = shallowRef<{ url: string; isDefault: boolean; refused: DataRefusal | null } | null>(null);

  // A failed worker's state (validators, last dataset) is gone: the client starts a fresh one on the next try.
  const worker = new WorkerClient<WallRequest, WallReply>({
    name: 'wall',
    create: () => new Worker(new URL('../workers/wall.worker.ts', import.meta.url), { type: 'module', name: 'wall' }),
  });
  /** The incident card over the wall (a list row or the ticker was touched): its record, what is asked, why not. */
  const incident = shallowRef<IncidentRecord | null>(null);
  const incidentAsked = ref<string | null>(null);
  const incidentError = shallowRef<WallError | null>(null);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let baseUrl = '';
  let running = false;
  let stopEvents: (() => void) | null = null;
  /** A re-read is under way; `again`: asked for another meanwhile (its reply may predate the change announced). */
  let inFlight = false;
  let again = false;

  function schedule(): void {
    if (!running) return;
    if (timer) clearTimeout(timer);
    const delay = again ? 0 : nextDelay(config.value, failures.value) * 1000;
    again = false;
    timer = setTimeout(check, delay);
  }

  function fail(e: WallError): void {
    error.value = e;
    failures.value++;
    schedule();
  }

  function onReply(reply: WallReply): void {
    checks.value++;
    if (!reply.ok) return fail(reply.error);
    error.value = null;
    failures.value = 0;
    checkedAt.value = Date.now();
    if (reply.changed) {
      if (reply.geometry) {
        geometry.value = markRaw(reply.geometry);
        geometryVersion.value++;
      }
      snapshot.value = markRaw(reply.snapshot);
      updatedAt.value = Date.now();
    } else {
      unchangedCount.value++;
    }
    schedule();
  }

  function check(): void {
    timer = null;
    if (!running) return;
    const request = (id: number): WallRequest => ({ type: 'refresh', id, baseUrl, pageUrl: window.location.href, now: Date.now() });
    inFlight = true;
    worker.request('refresh', request, {
      reply: (reply) => {
        inFlight = false;
        onReply(reply);
      },
      // The first read's geometry ahead of its figures (wall-messages): the map starts tiling it at once.
      progress: (partial) => {
        if ('partial' in partial && partial.partial && snapshot.value === null) {
          geometry.value = markRaw(partial.geometry);
          geometryVersion.value++;
        }
      },
      fail: (e) => {
        inFlight = false;
        if (!e.dropped) fail({ message: e.message });
      },
    });
  }

  /**
   * Re-reads now (a change notice, a login after the session had expired) instead of at the next tick; one under way
   * is never superseded (its reply may be the change: the worker has taken it as the last good state), the next
   * follows it at once.
   */
  function refreshNow(): void {
    if (!running || !baseUrl) return;
    if (inFlight) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    check();
  }

  /**
   * Opens incident `id`'s card, answered by the worker from the snapshot on screen (title scrubbed as the lists'
   * are). Its own channel: it never supersedes a refresh, nor a refresh it.
   */
  function openIncident(id: string): void {
    incidentAsked.value = id;
    incidentError.value = null;
    worker.request('incident', (rid) => ({ type: 'incident', id: rid, incidentId: id }), {
      reply: (r) => {
        if (incidentAsked.value !== id || r.kind !== 'incident') return;
        incidentAsked.value = null;
        if (!r.ok) {
          incidentError.value = r.error;
          return;
        }
        incident.value = r.record ? markRaw(r.record) : null;
        if (!r.record) incidentError.value = { message: `no incident ${id} in the data on screen` };
      },
      fail: (e) => {
        if (e.dropped || incidentAsked.value !== id) return;
        incidentAsked.value = null;
        incidentError.value = { message: e.message };
      },
    });
  }

  function closeIncident(): void {
    worker.cancel('incident');
    incident.value = null;
    incidentAsked.value = null;
    incidentError.value = null;
  }

  async function readConfig(): Promise<unknown> {
    let fromFile: unknown = null;
    try {
      const res = await fetch('./config.json', { cache: 'no-cache' });
      if (res.ok) fromFile = await res.json();
    } catch {
      // No config.json: the query and the defaults decide.
    }
    const r = wallConfig(hashQuery(), fromFile);
    config.value = r.config;
    configProblems.value = r.problems;
    return fromFile;
  }

  /** Starts re-reading the app's dataset (`?data=`, config.json, or the bundled one). */
  async function start(): Promise<void> {
    if (running) return;
    running = true;
    const [choice, fromFile] = await Promise.all([resolveDataset(), readConfig()]);
    if (!running) return;
    baseUrl = choice.url;
    const isDefault = sameDatasetFolder(choice.url, defaultDatasetUrl(fromFile), window.location.href);
    source.value = { url: choice.url, isDefault, refused: choice.refused };
    if (useSessionStore().mode === 'server') {
      stopEvents?.();
      stopEvents = subscribeChanges(() => refreshNow());
    }
    check();
  }

  /** Stops the timers and the worker; what is on screen stays until the next start. */
  function stop(): void {
    running = false;
    again = false;
    stopEvents?.();
    stopEvents = null;
    if (timer) clearTimeout(timer);
    timer = null;
    worker.terminate();
  }

  return {
    config, configProblems, snapshot, geometry, geometryVersion, checkedAt, updatedAt, error, failures, stale,
    unchangedCount, checks, source, start, stop, refreshNow, incident, incidentAsked, incidentError, openIncident, closeIncident,
  };
});
