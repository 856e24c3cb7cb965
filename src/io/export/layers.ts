/**
 * The layers GridSight exports and what of each is written: one contract file per layer, its properties of the data
 * contract (io/schema's FILE_SPECS, required then optional, in that order) and nothing else, so that nothing a folder
 * happens to carry (a phone number) leaves by accident. Shared by the CLI's `export` and the analyst's download.
 * Pure: no node:fs, no DOM.
 */
import type { Dataset } from '../../domain/types';
import { FILE_SPECS } from '../schema';
import type { ExportFeature } from './common';
import type { ShapeKind } from './shapefile-write';
import { CONTRACT_LAYERS, LAYER_FILE, type ContractLayer } from '../layers';

/** The layers exported: one contract file each. */
export const EXPORT_LAYERS = CONTRACT_LAYERS;
export type ExportLayer = ContractLayer;

/** The contract file each layer is. */
export const EXPORT_LAYER_FILE = LAYER_FILE;

/** The geometry of each layer: what an empty Shapefile is written as. */
export const EXPORT_LAYER_KIND: Record<ExportLayer, ShapeKind> = {
  grids: 'polygon',
  microgrids: 'polygon',
  community: 'polygon',
  enterprises: 'point',
  incidents: 'point',
  patrols: 'line',
};

/**
 * The properties written for a layer: its contract's, required then optional.
 * @example contractColumns('enterprises') // ['id', 'name', 'scale', 'industry', 'employees', 'gridCode', 'microGridCode']
 */
export function contractColumns(layer: ExportLayer): string[] {
  const spec = FILE_SPECS[EXPORT_LAYER_FILE[layer]];
  return [...Object.keys(spec.required), ...Object.keys(spec.optional)];
}

/**
 * Property names of the features that are not among `columns`, in order of first appearance: what an export leaves
 * out and says so.
 * @example propertiesOutside([{ type: 'Feature', geometry: null, properties: { id: 'a', phone: '1' } }], ['id']) // ['phone']
 */
export function propertiesOutside(features: Iterable<ExportFeature>, columns: readonly string[]): string[] {
  const known = new Set(columns);
  const extra = new Set<string>();
  for (const f of features) for (const key in f.properties ?? {}) if (!known.has(key)) extra.add(key);
  return [...extra];
}

/**
 * The warning for properties left out, or null when there are none (at most ten named).
 * @example outsideWarning(['phone']) // 'properties outside the data contract not exported: phone'
 */
export function outsideWarning(extra: readonly string[]): string | null {
  if (!extra.length) return null;
  return (
    `properties outside the data contract not exported: ${extra.slice(0, 10).join(', ')}` +
    (extra.length > 10 ? ` and ${extra.length - 10} more` : '')
  );
}

/**
 * A layer's features as the dataset holds them (incidents: incidents.geojson's, undefined when they were read into
 * columns), or undefined when the dataset lacks the layer.
 * @example layerCollection(dataset, 'grids')?.features.length
 */
export function layerCollection(
  dataset: Dataset,
  layer: ExportLayer,
): { features: ExportFeature[] } | undefined {
  switch (layer) {
    case 'grids':
      return dataset.grids;
    case 'microgrids':
      return dataset.microGrids;
    case 'community':
      return dataset.community;
    case 'enterprises':
      return dataset.enterprises;
    case 'incidents':
      return dataset.incidents;
    case 'patrols':
      return dataset.patrols;
  }
}
