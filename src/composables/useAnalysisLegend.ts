import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { PATROL_RADIUS_M } from '../domain/rules';
import {
  analysisLegendEntries,
  hexLegendEntry,
  type AnalysisLegendEntry,
  type AnalysisLegendState,
  type HexLegendState,
  type Translate,
} from '../map/analysis-legend';
import { maxCount } from '../map/hex-layers';
import { useAnalysisStore } from '../stores/analysis';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import { useGridColouring } from './useAnalysisGridLayers';

type AnalysisStore = ReturnType<typeof useAnalysisStore>;
type LayersStore = ReturnType<typeof useAnalysisLayersStore>;

/** The stores' state as map/analysis-legend reads it. */
function legendState(
  analysis: AnalysisStore,
  layers: LayersStore,
  colouring: ReturnType<typeof useGridColouring>['value'],
): AnalysisLegendState {
  return {
    clusters: layers.clusters,
    heatmap: layers.heatmap,
    gridColouring: layers.gridColouring,
    tracks: layers.tracks,
    incidents: analysis.points ? analysis.points.length / 2 : 0,
    month: analysis.month,
    gridClasses: colouring?.scheme.legend ?? null,
    patrol: {
      radiusM: analysis.report?.totals.patrol.radiusM ?? PATROL_RADIUS_M,
      month: analysis.patrol?.month ?? null,
      tracks: analysis.patrol?.tracks.features.length ?? 0,
    },
  };
}

/** The hex cells' state while they are drawn (a mode on and a result in), else null. */
function hexState(analysis: AnalysisStore): HexLegendState | null {
  const hex = analysis.hex;
  if (analysis.hexMode === 'off' || !hex) return null;
  return {
    mode: analysis.hexMode,
    sizeM: hex.sizeM,
    month: hex.month,
    max: maxCount(hex),
    total: hex.total,
    outside: hex.outside,
  };
}

/**
 * The analysis layers' legend entries for the panel (AnalysisLayerLegend), following the stores and the language.
 * @example const entries = useAnalysisLegend(); entries.value.map((e) => e.id)
 */
export function useAnalysisLegend() {
  const { t } = useI18n();
  const translate: Translate = (key, params) => (params ? t(key, params) : t(key));
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  const colouring = useGridColouring();
  return computed(() => analysisLegendEntries(legendState(analysis, layers, colouring.value), translate));
}

/**
 * The hex cells' legend entry for the hex controls (the same entry the sheet prints), or null while none is drawn.
 * @example const hex = useHexLegend(); hex.value?.swatches.map((s) => s.label)
 */
export function useHexLegend() {
  const { t } = useI18n();
  const translate: Translate = (key, params) => (params ? t(key, params) : t(key));
  const analysis = useAnalysisStore();
  return computed(() => {
    const hex = hexState(analysis);
    return hex ? hexLegendEntry(hex, translate) : null;
  });
}

/**
 * What the printed sheet explains of the analyst map as it is now: the hex cells (when drawn) and the analysis
 * layers that are on. Read once, when the print is laid out on #/analyze (the stores are that route's), so the
 * print dialog on another route never starts the analyst's store.
 * @example printedAnalysisLegend(t).map((e) => e.id) // ['hex', 'clusters']
 */
export function printedAnalysisLegend(t: Translate): AnalysisLegendEntry[] {
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  const hex = hexState(analysis);
  const colouring = useGridColouring().value;
  return [
    ...(hex ? [hexLegendEntry(hex, t)] : []),
    ...analysisLegendEntries(legendState(analysis, layers, colouring), t),
  ];
}
