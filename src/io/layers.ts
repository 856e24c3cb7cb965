/**
 * The dataset's layers that files come in and go out as: one contract file each (DOMAIN.md). `gridsight import
 * --as` and `gridsight export --layer` take these names, and so do the app's import and export.
 */
import type { DatasetFile } from '../domain/types';

export const CONTRACT_LAYERS = [
  'grids',
  'microgrids',
  'community',
  'enterprises',
  'incidents',
  'patrols',
] as const;
export type ContractLayer = (typeof CONTRACT_LAYERS)[number];

/** The contract file each layer is. */
export const LAYER_FILE: Record<ContractLayer, DatasetFile> = {
  grids: 'grids.geojson',
  microgrids: 'microgrids.geojson',
  community: 'community.geojson',
  enterprises: 'enterprises.geojson',
  incidents: 'incidents.geojson',
  patrols: 'patrols.geojson',
};

/** The layers that are boundaries: replaced as a whole, never merged row by row. */
export const AREAL_LAYERS: ReadonlySet<ContractLayer> = new Set(['grids', 'microgrids', 'community']);
