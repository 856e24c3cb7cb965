import { computed, onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import { useI18n } from 'vue-i18n';
import { useDatasetStore } from '../stores/dataset';
import { useAnalysisStore } from '../stores/analysis';
import { useAnalysisLayersStore } from '../stores/analysis-layers';
import type { Rate } from '../domain/rate';
import { formatRate } from '../domain/rate';
import {
  GRID_COLOUR_LAYER_IDS,
  GRID_COLOUR_SOURCE,
  gridColourFeatures,
  gridColourLayers,
  gridColourSource,
  patrolScheme,
  perEnterpriseScheme,
  type GridScheme,
} from '../map/analysis-grid-colour';
import { ensureLayers, removeLayers } from '../map/analysis-stack';

/** The values the grid colouring draws, by grid code, and their scheme; null while they are not computed yet. */
export function useGridColouring() {
  const analysis = useAnalysisStore();
  const layers = useAnalysisLayersStore();
  return computed<{ values: Map<string, Rate>; scheme: GridScheme } | null>(() => {
    if (layers.gridColouring === 'perEnterprise') {
      const grids = analysis.summary?.grids;
      if (!grids) return null;
      const values = new Map(grids.map((g) => [g.code, g.perEnterprise]));
      return { values, scheme: perEnterpriseScheme(inForce(values)) };
    }
    if (layers.gridColouring === 'patrol') {
      const report = analysis.current ? analysis.report : null;
      if (!report) return null;
      const values = new Map<string, Rate>(report.grids.map((g) => [g.code, g.patrol.enterpriseCoverage]));
      return { values, scheme: patrolScheme([...values.values()]) };
    }
    return null;
  });

  /** Classes are drawn over the grids in force only (the summary also names codes that only old incidents carry). */
  function inForce(values: Map<string, Rate>): Rate[] {
    const grids = useDatasetStore().index?.grids;
    return grids ? [...grids.keys()].map((code) => values.get(code) ?? null) : [...values.values()];
  }
}

/**
 * The grids coloured by incidents per enterprise or by patrol coverage (one at a time), flagged grids outlined,
 * each grid's value written under its name. Data changes go in with setData; 'none' and unmount remove it all.
 */
export function useAnalysisGridLayers(map: ShallowRef<MapLibreMap | null>, added: Ref<boolean>): void {
  const dataset = useDatasetStore();
  const { t, locale } = useI18n();
  const colouring = useGridColouring();
  const layers = useAnalysisLayersStore();

  function label(value: Rate, flagged: boolean): string {
    if (value === null) return t('analysisMap.grid.noEnterprises');
    if (layers.gridColouring === 'perEnterprise') return t('analysisMap.grid.perEnterpriseValue', { v: value.toFixed(2) });
    return flagged ? t('analysisMap.grid.patrolFlagged', { v: formatRate(value) }) : formatRate(value);
  }

  watch(
    [added, () => dataset.index, colouring, locale] as const,
    ([isAdded, index, current]) => {
      const m = map.value;
      if (!m) return;
      if (!isAdded || !index || !current) return removeLayers(m, GRID_COLOUR_SOURCE, GRID_COLOUR_LAYER_IDS);
      const data = gridColourFeatures(index.gridsInForce, current.values, current.scheme, label);
      if (!ensureLayers(m, GRID_COLOUR_SOURCE, () => gridColourSource(data), gridColourLayers)) {
        m.getSource<GeoJSONSource>(GRID_COLOUR_SOURCE)?.setData(data);
      }
    },
    { immediate: true, flush: 'post' },
  );

  onBeforeUnmount(() => {
    if (map.value) removeLayers(map.value, GRID_COLOUR_SOURCE, GRID_COLOUR_LAYER_IDS);
  });
}
