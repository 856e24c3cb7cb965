import { defineStore } from 'pinia';
import { computed, markRaw, ref, shallowRef, watch } from 'vue';
import { datasetAsOf, type Stats } from '../domain/stats';
import { monthOf, monthsEnding } from '../domain/time';
import {
  checkFilter,
  monthFilter,
  NO_FILTER,
  type IncidentFilter,
  type IncidentSummary,
} from '../domain/incident-filter';
import type { HexAnalysis, HexIncident } from '../geo/hex-analysis';
import type { IncidentRecord } from '../domain/incident-record';
import type { EnterpriseProfile } from '../geo/enterprise-profile';
import {
  statsInput,
  type AnalystExport,
  type ExportReport,
  type LoadProgress,
  type MonthlyReport,
  type PatrolReport,
  type StatsError,
} from '../workers/stats-messages';
import type { ExportFormat } from '../io/export';
import { createStatsClient, type StatsAsk } from '../workers/stats-client';
import type { WorkerRequestError } from '../workers/client';
import type { Hierarchy } from '../domain/hierarchy';
import { useDatasetStore } from './dataset';
import { useSelectionStore } from './selection';

export type AnalysisStatus = 'idle' | 'running' | 'done' | 'error';
/** What the analyst map draws over the grids: incident density, Gi* hotspots, or nothing. */
export type HexMode = 'density' | 'hotspots' | 'off';

/** The open cell's incidents as the worker listed them: `cell` is its index in `hex`, `filterKey` the filter's. */
export interface HexCellList {
  cell: number;
  filterKey: string;
  /** The first HEX_LIST_CAP in table order. */
  incidents: HexIncident[];
  /** All of the cell's incidents under that filter. */
  count: number;
}

/**
 * The card open over the panel: an enterprise's (its units by the boundaries, incidents, patrols within 50 m) or an
 * incident's (every lifecycle step). `back` is the card an incident was opened from, for the way back.
 */
export type DetailCard =
  | { kind: 'enterprise'; id: string; profile: EnterpriseProfile | null }
  | { kind: 'incident'; id: string; record: IncidentRecord | null; back: DetailCard | null };

/** How many months the analyst can pick: the month of asOf and the ones before it. */
export const ANALYSIS_MONTHS = 12;

/** What a failed request says on screen; nothing when it was only dropped (superseded, cancelled, ended). */
function failure(e: WorkerRequestError): StatsError | null {
  return e.dropped ? null : { message: e.message };
}

/**
 * The analyst route's state (issue 4): the month, the incident filter, the hex cells' mode and size and the open
 * cell, and what the stats worker answered for them: `datasetStats` of the loaded dataset, incidents and patrols
 * included (the worker reads those two files when the route is first shown; the overview skips them), the filter's
 * summary, points and hex cells, and the month's patrol tracks and trend. Talking to the worker is
 * workers/stats-client's job; results sit in shallowRefs, markRaw. The filter's grids follow the map's selection
 * (stores/selection) both ways. A new filter is posted at once; the reply to an older one is dropped. A clicked hex
 * cell's incidents are asked for when it is opened (and again for each new hex result while it stays open), not
 * shipped with every filter reply.
 */
export const useAnalysisStore = defineStore('analysis', () => {
  const dataset = useDatasetStore();
  const selection = useSelectionStore();
  const status = ref<AnalysisStatus>('idle');
  const error = shallowRef<StatsError | null>(null);
  /** "YYYY-MM"; null until the route is first shown. */
  const month = ref<string | null>(null);
  const report = shallowRef<Stats | null>(null);
  /** How far the dataset's binary files (incidents.bin) have downloaded; null until some bytes are heard of. */
  const loadProgress = shallowRef<LoadProgress | null>(null);
  /** The grid the filter is narrowed to by a selection; an enterprise chosen on the map does not narrow it. */
  const selectedGrid = computed(() => {
    if (!selection.enterpriseId) return selection.gridCode;
    const grids = filter.value.grids;
    return grids?.length === 1 ? grids[0] : null;
  });
  const hexMode = ref<HexMode>('density');
  const hexSize = ref(200);
  /** The latest hex result (markRaw: typed arrays and the month's incident list). */
  const hex = shallowRef<HexAnalysis | null>(null);
  /** The clicked cell, as its index in `hex`; null when none. */
  const hexCell = ref<number | null>(null);
  /** The open cell's incidents under `hex`'s filter (markRaw); null while they are asked for, or no cell is open. */
  const hexCellList = shallowRef<HexCellList | null>(null);
  /** Why the open cell's incidents could not be listed. */
  const hexCellError = shallowRef<StatsError | null>(null);
  const hexError = ref<string | null>(null);
  /** The analyst's filter (frozen; change it through setFilter / setTimeRange / resetFilter / setMonth). */
  const filter = shallowRef<IncidentFilter>(NO_FILTER);
  /** True when the time range is "all months". */
  const timeAll = computed(() => filter.value.from === null && filter.value.to === null);
  /** The latest filter's numbers (markRaw); it stays until the next reply replaces it. */
  const summary = shallowRef<IncidentSummary | null>(null);
  /** lon, lat interleaved of the incidents passing the latest filter. */
  const points = shallowRef<Float64Array | null>(null);
  const filterError = shallowRef<StatsError | null>(null);
  /** Worker milliseconds of the latest filter reply. */
  const filterMs = ref<number | null>(null);
  /** The month's patrol tracks and the coverage trend (markRaw). */
  const patrol = shallowRef<PatrolReport | null>(null);
  const patrolError = shallowRef<StatsError | null>(null);
  /** The open card (markRaw), and while it is being asked for, what was asked. */
  const detail = shallowRef<DetailCard | null>(null);
  const detailAsked = shallowRef<{ kind: 'enterprise' | 'incident'; id: string } | null>(null);
  const detailError = shallowRef<StatsError | null>(null);

  /** The dataset's towns and communities (issue 14), for the filter's selectors; null before a dataset is loaded. */
  const hierarchy = computed<Hierarchy | null>(() => dataset.index?.hierarchy ?? null);
  /** The dataset holds several communities: only then do the town and community dimensions show. */
  const multiCommunity = computed(() => dataset.index?.multiCommunity ?? false);

  const months = computed(() => {
    const index = dataset.index;
    return index ? monthsEnding(monthOf(datasetAsOf(index.dataset, Date.now())), ANALYSIS_MONTHS) : [];
  });
  /** The selected month's numbers are in `report`. */
  const current = computed(() => status.value === 'done' && report.value?.month === month.value);
  const selectedStats = computed(
    () => report.value?.grids.find((g) => g.code === selectedGrid.value) ?? null,
  );

  /** Set by `start` (the route was shown): only then are incidents and patrols read. */
  let active = false;
  const worker = createStatsClient();
  /** What the latest cell request asked for (its reply is kept only while it is still the open cell's). */
  let cellAsked: { cell: number; q: number; r: number; sizeM: number; filterKey: string } | null = null;

  function fail(e: StatsError): void {
    error.value = e;
    status.value = 'error';
  }

  /** The worker holds the dataset on screen (not before `run` sent it, nor after the worker failed). */
  const ready = () => worker.holds(dataset.version);

  /** Asks the worker for the month on screen; sends it the dataset first when it does not hold this one. */
  function run(): void {
    const index = dataset.index;
    error.value = null;
    if (!active || dataset.status !== 'ready' || !index) {
      worker.cancel('stats');
      report.value = null;
      hex.value = null;
      status.value = 'idle';
      return;
    }
    if (!month.value || !months.value.includes(month.value)) {
      month.value = months.value[months.value.length - 1];
      filter.value = Object.freeze(monthFilter(month.value, filter.value));
    }
    status.value = 'running';
    try {
      if (!ready()) {
        const baseUrl = new URL(dataset.baseUrl, window.location.href).href;
        worker.sendDataset(dataset.version, baseUrl, statsInput(index.dataset));
        hex.value = null;
        loadProgress.value = null;
      }
    } catch (e) {
      worker.cancel('stats');
      return fail({ message: e instanceof Error ? e.message : String(e) });
    }
    worker.ask('stats', { month: month.value, now: Date.now() }, {
      reply: (reply) => {
        if (!reply.ok) return fail(reply.error);
        report.value = markRaw(reply.stats);
        status.value = 'done';
      },
      loading: (p) => (loadProgress.value = p),
      fail: (e) => {
        const f = failure(e);
        if (f) fail(f);
      },
    });
    runFilter();
    runPatrol();
  }

  /** Asks for the filter's summary, points and (unless off) hex cells, after `run` has sent the dataset. */
  function runFilter(): void {
    if (!ready()) return worker.cancel('filter');
    if (hexMode.value === 'off') hex.value = null;
    else if (hex.value && hex.value.sizeM !== hexSize.value) hex.value = null; // another size: show "loading"
    const ask = { filter: filter.value, hexSizeM: hexMode.value === 'off' ? null : hexSize.value, now: Date.now() };
    worker.ask('filter', ask, {
      reply: (reply) => {
        if (!reply.ok) {
          filterError.value = reply.error;
          return;
        }
        filterError.value = null;
        summary.value = markRaw(reply.summary);
        points.value = markRaw(reply.points);
        filterMs.value = reply.ms;
        // A failed hex run leaves the map without cells; the filter's numbers still stand.
        hex.value = reply.hex ? markRaw(reply.hex) : null;
        hexError.value = reply.hexError;
      },
      fail: (e) => {
        filterError.value = failure(e) ?? filterError.value;
      },
    });
  }

  /**
   * How many things on screen show the patrol tracks or trend (the patrol tab, the tracks layer: wantPatrol). They
   * are asked for only while one does: twelve months of visited enterprises take seconds on a county, which the
   * analyst's first screen should not wait behind.
   */
  const patrolWanted = ref(0);

  /** Something on screen shows the patrol tracks or trend until the function returned is called. */
  function wantPatrol(): () => void {
    patrolWanted.value++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      patrolWanted.value--;
    };
  }

  /** Asks for the selected month's patrol tracks and the trend over the selectable months, while they are wanted. */
  function runPatrol(): void {
    if (!ready() || !month.value) return worker.cancel('patrol');
    if (patrol.value?.month !== month.value) patrol.value = null;
    if (patrolWanted.value === 0) return;
    worker.ask('patrol', { month: month.value, months: months.value, now: Date.now() }, {
      reply: (reply) => {
        patrolError.value = reply.ok ? null : reply.error;
        if (reply.ok) patrol.value = markRaw({ month: reply.month, tracks: reply.tracks, trend: reply.trend });
      },
      fail: (e) => {
        patrolError.value = failure(e) ?? patrolError.value;
      },
    });
  }

  function setHexMode(next: HexMode): void {
    if (next === hexMode.value) return;
    const wasOff = hexMode.value === 'off';
    hexMode.value = next;
    // Density and hotspots share one result; only leaving or entering 'off' needs the worker.
    if (wasOff || next === 'off') runFilter();
  }

  function setHexSize(next: number): void {
    if (next === hexSize.value) return;
    hexSize.value = next;
    if (hexMode.value !== 'off') runFilter();
  }

  /** While true, the selection watcher leaves the filter alone (setFilter is moving the selection itself). */
  let movingSelection = false;

  /**
   * Replaces the filter (checked, frozen) and posts it. The map selects the grid of a one-grid choice, and none for
   * "all grids" or several.
   */
  function applyFilter(next: IncidentFilter): void {
    const checked = Object.freeze(checkFilter({ ...next }));
    const one = checked.grids?.length === 1 ? checked.grids[0] : null;
    if (one !== selection.gridCode) {
      movingSelection = true;
      try {
        selectGrid(one);
      } finally {
        movingSelection = false;
      }
    }
    filter.value = checked;
    runFilter();
  }

  /**
   * Changes some dimensions of the filter. Throws a RangeError on an unknown value or `from` after `to`.
   * @example analysis.setFilter({ categories: ['fire'], levels: [1, 2] })
   */
  function setFilter(patch: Partial<IncidentFilter>): void {
    applyFilter({ ...filter.value, ...patch });
  }

  /** Whether grid `code` lies in the chosen communities and towns (a grid of no community passes only "all"). */
  function gridInUnits(code: string, towns: readonly string[] | null, communities: readonly string[] | null): boolean {
    const h = hierarchy.value;
    const community = h?.communityOfGrid.get(code) ?? null;
    if (communities !== null && (community === null || !communities.includes(community))) return false;
    const town = community === null ? null : (h?.townOfCommunity.get(community) ?? null);
    return towns === null || (town !== null && towns.includes(town));
  }

  /**
   * The town dimension (null: all towns). Chosen communities outside the towns are let go, and so is a selected
   * grid outside them, so the filter never narrows to nothing by itself.
   * @example analysis.setTowns(['330424002'])
   */
  function setTowns(towns: readonly string[] | null): void {
    const h = hierarchy.value;
    const inTowns = (c: string) => towns === null || towns.includes(h?.townOfCommunity.get(c) ?? '');
    const kept = filter.value.communities?.filter(inTowns) ?? null;
    const communities = kept && kept.length ? kept : null;
    const grids = filter.value.grids?.every((g) => gridInUnits(g, towns, communities)) ? filter.value.grids : null;
    applyFilter({ ...filter.value, towns, communities, grids });
  }

  /** The community dimension (null: all communities); a selected grid outside them is let go. */
  function setCommunities(communities: readonly string[] | null): void {
    const { towns } = filter.value;
    const grids = filter.value.grids?.every((g) => gridInUnits(g, towns, communities)) ? filter.value.grids : null;
    applyFilter({ ...filter.value, communities, grids });
  }

  /** The time range (epoch ms, `to` exclusive); both null = all months. */
  function setTimeRange(from: number | null, to: number | null): void {
    applyFilter({ ...filter.value, from, to });
  }

  /**
   * Time range back to the selected month, every other dimension "all" (the grid selection, towns and communities
   * are cleared).
   */
  function resetFilter(): void {
    applyFilter(month.value ? monthFilter(month.value) : NO_FILTER);
  }

  /** Closes the cell panel; a list still on its way is dropped. */
  function closeHexCell(): void {
    worker.cancel('cell');
    cellAsked = null;
    hexCell.value = null;
    hexCellList.value = null;
    hexCellError.value = null;
  }

  /** Asks the worker for cell `i` of `h`'s incidents under `h`'s filter; the list is null until they come. */
  function askCell(h: HexAnalysis, i: number): void {
    hexCell.value = i;
    hexCellList.value = null;
    hexCellError.value = null;
    const asked = { cell: i, q: h.q[i], r: h.r[i], sizeM: h.sizeM, filterKey: h.key };
    cellAsked = asked;
    if (!ready()) {
      worker.cancel('cell');
      hexCellError.value = { message: 'the stats worker holds no dataset to list the cell from' };
      return;
    }
    worker.ask('cell', { filter: h.filter, sizeM: h.sizeM, cell: i, now: Date.now() }, {
      reply: (reply) => {
        if (cellAsked !== asked) return;
        if (!reply.ok) {
          hexCellError.value = reply.error;
          return;
        }
        hexCellError.value = null;
        hexCellList.value = markRaw({ cell: asked.cell, filterKey: asked.filterKey, incidents: reply.incidents, count: reply.count });
      },
      fail: (e) => {
        if (cellAsked === asked) hexCellError.value = failure(e) ?? hexCellError.value;
      },
    });
  }

  /**
   * Opens cell `i` of the hex result on screen (its index in `hex`) and asks for its incidents; null closes it.
   * Throws a RangeError for an index that is not one of the result's cells.
   */
  function selectHexCell(i: number | null): void {
    if (i === null) return closeHexCell();
    const h = hex.value;
    if (!h) throw new RangeError(`selectHexCell(${i}): there is no hex result to pick a cell of`);
    if (!Number.isInteger(i) || i < 0 || i >= h.q.length)
      throw new RangeError(`selectHexCell(${i}): not one of the ${h.q.length} cells of the hex result`);
    // The same cell under the same filter: its list is there or on its way.
    if (cellAsked && cellAsked.cell === i && cellAsked.filterKey === h.key && cellAsked.sizeM === h.sizeM) return;
    askCell(h, i);
  }

  /** Asks the worker for a card; the reply replaces `detail` only while it is still the card asked for. */
  function askDetail(kind: 'enterprise' | 'incident', id: string, back: DetailCard | null): void {
    const asked = { kind, id };
    detailAsked.value = asked;
    detailError.value = null;
    const still = () => detailAsked.value === asked;
    const failed = (e: StatsError | null) => {
      if (still() && e) {
        detailError.value = e;
        detailAsked.value = null;
      }
    };
    if (!ready()) return failed({ message: 'the statistics are still loading; try again in a moment' });
    const now = Date.now();
    if (kind === 'enterprise') {
      worker.ask('enterprise', { enterpriseId: id, now }, {
        reply: (r) => {
          if (!still()) return;
          if (!r.ok) return failed(r.error);
          detail.value = markRaw<DetailCard>({ kind: 'enterprise', id, profile: r.profile });
          detailAsked.value = null;
        },
        fail: (e) => failed(failure(e)),
      });
    } else {
      worker.ask('incident', { incidentId: id, now }, {
        reply: (r) => {
          if (!still()) return;
          if (!r.ok) return failed(r.error);
          detail.value = markRaw<DetailCard>({ kind: 'incident', id, record: r.record, back });
          detailAsked.value = null;
        },
        fail: (e) => failed(failure(e)),
      });
    }
  }

  /**
   * Has the stats worker write a download (composables/useAnalysisExport offers it): the incidents the filter on
   * screen selects, the same mask as the count shown, or a whole layer. The bytes are made and kept off Vue's
   * reactivity: the promise hands them over once. Rejects with the worker's message, or when the statistics are not
   * loaded yet.
   */
  function exportData(what: AnalystExport, format: ExportFormat): Promise<ExportReport> {
    return new Promise((resolve, reject) => {
      if (!ready()) return reject(new Error('the statistics are still loading; try again in a moment'));
      worker.ask('export', { what, format, filter: filter.value, now: Date.now() }, {
        reply: (r) => (r.ok ? resolve({ bytes: r.bytes, count: r.count, warnings: r.warnings, renames: r.renames }) : reject(new Error(r.error.message))),
        fail: (e) => reject(e),
      });
    });
  }

  /**
   * Has the stats worker write the monthly assessment report of `month` (composables/useAnalysisReport offers it),
   * as `gridsight report` writes it. Rejects with the worker's message, or when the statistics are not loaded yet.
   */
  function monthlyReport(ask: StatsAsk<'report'>): Promise<MonthlyReport & { ms: number }> {
    return new Promise((resolve, reject) => {
      if (!ready()) return reject(new Error('the statistics are still loading; try again in a moment'));
      worker.ask('report', ask, {
        reply: (r) =>
          r.ok ? resolve({ html: r.html, month: r.month, warning: r.warning, ms: r.ms }) : reject(new Error(r.error.message)),
        fail: (e) => reject(e),
      });
    });
  }

  /** Opens an enterprise's card (what choosing it in the search or clicking its dot does). */
  function openEnterprise(id: string): void {
    askDetail('enterprise', id, null);
  }

  /** Opens an incident's card; from an enterprise's card, that card is the way back. */
  function openIncident(id: string): void {
    askDetail('incident', id, detail.value);
  }

  /**
   * Closes the card: an incident opened from an enterprise's card goes back to it; an enterprise's card lets go of
   * the enterprise on the map (the grid the filter names stays selected).
   */
  function closeDetail(): void {
    const d = detail.value;
    detailAsked.value = null;
    detailError.value = null;
    if (d?.kind === 'incident' && d.back) {
      detail.value = d.back;
      return;
    }
    detail.value = null;
    if (selection.enterpriseId) {
      const grids = filter.value.grids;
      movingSelection = true;
      try {
        selectGrid(grids?.length === 1 ? grids[0] : null);
      } finally {
        movingSelection = false;
      }
    }
  }

  /** The analyst route is on screen: compute its month (once; later calls keep what is there). */
  function start(): void {
    if (active) return;
    active = true;
    run();
  }

  /** Selects the month of the statistics and patrols, and makes it the filter's time range. */
  function setMonth(next: string): void {
    if (next === month.value) return;
    const nextFilter = monthFilter(next, filter.value); // throws on a malformed month before anything changes
    month.value = next;
    filter.value = Object.freeze(checkFilter(nextFilter));
    run();
  }

  function selectGrid(code: string | null): void {
    if (code) selection.selectGrid(code);
    else selection.clear();
  }

  // The map's grid selection is the filter's grid dimension (sync: setFilter moves the selection and sets the
  // filter in one step, and must not see its own change come back).
  watch(
    () => selection.gridCode,
    (code) => {
      // Choosing an enterprise (search, dot) opens its card; it does not narrow the filter to its grid.
      if (movingSelection || selection.enterpriseId) return;
      const grids = code ? [code] : null;
      const now = filter.value.grids;
      if (grids === null ? now === null : now?.length === 1 && now[0] === code) return;
      // A grid picked on the map outside the chosen towns or communities lets those choices go.
      const { towns, communities } = filter.value;
      const units = code === null || gridInUnits(code, towns, communities) ? { towns, communities } : { towns: null, communities: null };
      filter.value = Object.freeze({ ...filter.value, ...units, grids });
      runFilter();
    },
    { flush: 'sync' },
  );

  // An enterprise chosen anywhere on this route (the search, a dot) opens its card; letting it go closes it.
  watch(
    () => selection.enterpriseId,
    (id) => {
      if (!active) return;
      if (id) openEnterprise(id);
      else if (detail.value?.kind === 'enterprise' || detailAsked.value?.kind === 'enterprise') {
        detail.value = null;
        detailAsked.value = null;
      }
    },
  );

  // A new hex result while a cell is open: the same cell (same q, r at the same index) is listed again under the new
  // filter; a cell the result no longer has, or no result (another size, 'off', another dataset), closes the panel.
  watch(hex, (h) => {
    const asked = cellAsked;
    if (!asked) return;
    const i = asked.cell;
    if (!h || h.sizeM !== asked.sizeM || i >= h.q.length || h.q[i] !== asked.q || h.r[i] !== asked.r) return closeHexCell();
    if (h.key !== asked.filterKey) askCell(h, i);
  }, { flush: 'sync' });

  // The first thing to show the patrols: ask for them unless they are here (or on their way) for this month.
  watch(patrolWanted, (n, before) => {
    if (
      n > 0 &&
      before === 0 &&
      active &&
      status.value !== 'idle' &&
      patrol.value?.month !== month.value &&
      !worker.pending('patrol')
    )
      runPatrol();
  });

  watch(
    () => [dataset.status, dataset.version] as const,
    ([s]) => {
      if (!active) return;
      if (s !== 'ready') {
        report.value = null;
        summary.value = null;
        points.value = null;
        patrol.value = null;
      }
      // A card of the dataset that was on screen means nothing for the next one.
      detail.value = null;
      detailAsked.value = null;
      detailError.value = null;
      run();
    },
  );

  return {
    status,
    error,
    wantPatrol,
    month,
    months,
    report,
    loadProgress,
    current,
    selectedGrid,
    selectedStats,
    hexMode,
    hexSize,
    hex,
    hexCell,
    hexCellList,
    hexCellError,
    hexError,
    filter,
    timeAll,
    summary,
    hierarchy,
    multiCommunity,
    points,
    filterError,
    filterMs,
    patrol,
    patrolError,
    detail,
    detailAsked,
    detailError,
    exportData,
    monthlyReport,
    openEnterprise,
    openIncident,
    closeDetail,
    setFilter,
    setTimeRange,
    setTowns,
    setCommunities,
    resetFilter,
    start,
    setHexMode,
    setHexSize,
    selectHexCell,
    setMonth,
    selectGrid,
  };
});
