/**
 * One refresh of the wall screen, the body of wall.worker.ts (kept apart so a unit test can drive it with a fake
 * fetch). It holds the last good dataset and the validators of the files it came from: a refresh where nothing
 * changed is a handful of 304s and nothing else; a refresh that fails leaves the last good dataset as it was.
 */
import type { Feature, Point } from 'geojson';
import type { Dataset, DatasetFile, DatasetManifest, IncidentLevel } from '../domain/types';
import { datasetAsOf } from '../domain/stats';
import { buildHierarchy } from '../domain/hierarchy';
import { dueStateAt } from '../domain/deadline';
import { datasetIncidents } from '../domain/incident-table';
import { wallAlerts, overdueByGrid } from '../domain/wall-alerts';
import { carouselItems } from '../domain/wall-carousel';
import { personalScrubber } from '../domain/wall-privacy';
import { incidentTrend } from '../domain/wall-trend';
import type { WallValidation } from '../domain/wall-kpis';
import { datasetStats } from '../geo/dataset-stats';
import { validateDataset } from '../geo/validate-dataset';
import { conditionalSource, type ConditionalRead, type ConditionalSource } from '../io/conditional-source';
import { loadDataset, parseManifest } from '../io/dataset';
import {
  WALL_MAP_FILES,
  WALL_VALIDATION_FILES,
  type OpenIncidentProps,
  type WallCurrent,
  type WallGeometry,
  type WallSnapshot,
} from './wall-messages';

/** The files the worker reads: basemap.pmtiles is read by the map, a tile at a time. */
type ReadFile = Exclude<DatasetFile, 'basemap.pmtiles'>;

/** Which Dataset field each contract file fills. */
const FIELD_OF: Record<ReadFile, keyof Omit<Dataset, 'manifest'>> = {
  'community.geojson': 'community',
  'grids.geojson': 'grids',
  'microgrids.geojson': 'microGrids',
  'enterprises.geojson': 'enterprises',
  'members.json': 'members',
  'incidents.geojson': 'incidents',
  'incidents.csv': 'incidentColumns',
  'incidents.bin': 'incidentColumns',
  'patrols.geojson': 'patrols',
  'basemap.geojson': 'basemap',
  'patrol-area.json': 'patrolArea',
};

/** Months on the trend chart, the month of asOf included. */
export const TREND_MONTHS = 12;

export type RefreshResult =
  | { changed: false }
  | { changed: true; snapshot: WallSnapshot; geometry: WallGeometry | null };

/**
 * The files to read: one incident file, incidents.bin before incidents.geojson before incidents.csv (loadDataset's
 * rule); no basemap.geojson when basemap.pmtiles is listed (the map draws the tiles, as on the overview).
 */
function filesToRead(manifest: DatasetManifest): ReadFile[] {
  const has = new Set(manifest.files);
  const incidents = (['incidents.bin', 'incidents.geojson', 'incidents.csv'] as const).find((f) => has.has(f));
  const tiled = has.has('basemap.pmtiles');
  return manifest.files.filter(
    (f): f is ReadFile => f !== 'basemap.pmtiles' && !(tiled && f === 'basemap.geojson') && (!f.startsWith('incidents.') || f === incidents),
  );
}

function validationOf(dataset: Dataset, now: number): WallValidation | null {
  try {
    const { manifest, community, grids, microGrids, enterprises, members } = dataset;
    const { summary } = validateDataset({ manifest, community, grids, microGrids, enterprises, members }, { now });
    return { errors: summary.errors, warnings: summary.warnings };
  } catch {
    // Validation that cannot run shows "—" on the strip; the figures of the screen still stand.
    return null;
  }
}

/**
 * @example const r = createWallRefresher(fetch); await r.refresh('./data/zhihuiwan/', location.href, Date.now())
 */
export function createWallRefresher(fetchFn: typeof fetch = fetch) {
  let source: ConditionalSource | null = null;
  let sourceUrl = '';
  let dataset: Dataset | null = null;
  let validation: WallValidation | null = null;
  let version = 0;
  let current: WallCurrent | null = null;

  /**
   * `onGeometry`: on the first refresh (nothing on screen yet), called with the map's geometry as soon as it is
   * read, before the figures are computed; the result then carries no geometry. A later refresh never calls it: its
   * geometry goes out with its figures, or not at all if they fail (the last good state stays whole).
   */
  async function refresh(
    baseUrl: string,
    pageUrl: string,
    now: number,
    onGeometry?: (geometry: WallGeometry) => void,
  ): Promise<RefreshResult> {
    const url = new URL(baseUrl, pageUrl).href;
    if (!source || url !== sourceUrl) {
      source = conditionalSource(url, { fetchFn, pageUrl });
      sourceUrl = url;
      dataset = null;
    }
    const src = source;
    const manifestRead = await src.read('dataset.json');
    if (!manifestRead.changed && !dataset) throw new Error('internal: validators without a dataset');
    const manifest = manifestRead.changed ? parseManifest(manifestRead.text) : dataset!.manifest;
    const files = filesToRead(manifest);
    const reads = await Promise.all(files.map((f) => src.read(f)));
    const changedReads = reads.filter((r): r is Extract<ConditionalRead, { changed: true }> => r.changed);
    if (!manifestRead.changed && changedReads.length === 0 && dataset) return { changed: false };

    const texts = new Map(changedReads.map((r) => [r.file, r]));
    const part = await loadDataset(
      {
        location: src.location,
        manifest: async () => manifest,
        read: async (f) => texts.get(f)?.text ?? '',
        readBytes: async (f) => texts.get(f)?.bytes ?? new Uint8Array(),
      },
      // Titles are read: the alerts and the carousel show them. A unit with malformed geometry stays a unit (no
      // shape) and is an invalid-geometry error in the validation figure, as on the overview and in the CLI.
      {
        require: ['grids.geojson'],
        skip: manifest.files.filter((f) => !texts.has(f)),
        incidentTitles: true,
        lenientGeometry: true,
      },
    );
    const next: Dataset = { manifest };
    for (const f of files) {
      const field = FIELD_OF[f];
      (next as unknown as Record<string, unknown>)[field] = texts.has(f) ? part[field] : dataset?.[field];
    }
    const changed = changedReads.map((r) => r.file as DatasetFile);
    const first = !dataset;
    const geometryOf = (d: Dataset): WallGeometry => ({
      manifest,
      community: d.community,
      grids: d.grids,
      microGrids: d.microGrids,
      enterprises: d.enterprises,
      basemap: d.basemap,
    });
    const early = first && onGeometry !== undefined;
    if (early) onGeometry(geometryOf(next));
    const stats = datasetStats(next, { now });
    const asOf = datasetAsOf(next, now);
    const incidents = datasetIncidents(next);
    // Titles are free text: the names of the dataset's people are blanked along with phone and ID numbers.
    const scrub = personalScrubber((next.members ?? []).map((m) => m.name));
    const touches = (list: readonly DatasetFile[]) => first || manifestRead.changed || changed.some((f) => list.includes(f));
    const nextValidation = touches(WALL_VALIDATION_FILES) ? validationOf(next, now) : validation;

    const open: Feature<Point, OpenIncidentProps>[] = [];
    const { reported, closed, deadline } = incidents;
    for (let i = 0; i < incidents.n; i++) {
      if (reported[i] > asOf) continue;
      const due = dueStateAt(reported[i], closed[i], deadline[i], asOf, incidents.deadlines.nearDueShare);
      if (due !== 'closed')
        open.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [incidents.lon[i], incidents.lat[i]] },
          properties: { id: incidents.id[i], level: incidents.level[i] as IncidentLevel, due },
        });
    }
    const snapshot: WallSnapshot = {
      version: version + 1,
      name: manifest.name,
      county: buildHierarchy(next, asOf).county,
      stats,
      validation: nextValidation,
      trend: incidentTrend(incidents, stats.month, asOf, TREND_MONTHS),
      alerts: wallAlerts(incidents, stats, { asOf, scrub }),
      carousel: carouselItems(incidents, { asOf, scrub, gridNames: new Map(stats.grids.map((g) => [g.code, g.name])) }),
      overdueByGrid: overdueByGrid(incidents, asOf),
      openIncidents: { type: 'FeatureCollection', features: open },
      changed: first ? files : changed,
    };
    const geometry: WallGeometry | null = !early && touches(WALL_MAP_FILES) ? geometryOf(next) : null;

    // Only now, with everything read and computed, does this become the last good state.
    src.commit(manifestRead);
    for (const r of changedReads) src.commit(r);
    for (const f of dataset?.manifest.files ?? []) if (!manifest.files.includes(f)) src.forget(f);
    dataset = next;
    validation = nextValidation;
    version++;
    current = { incidents, asOf, scrub };
    return { changed: true, snapshot, geometry };
  }

  /** The incidents, asOf and scrubber of the last good snapshot (the one on screen); null before the first. */
  function latest(): WallCurrent | null {
    return current;
  }

  return { refresh, latest };
}
