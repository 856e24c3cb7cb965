import type { Dataset } from '../../domain/types';

/**
 * Whether a printed map or a monthly report must carry the synthetic-data notice: the dataset says it is generated,
 * in dataset.json or on a feature of community.geojson; data that says nothing is taken as real. One rule for the
 * printed map and the report (io/report-data), so they agree on the same folder.
 * @example isSyntheticDataset({ manifest: { name: 'x', files: [], synthetic: true } }) === true
 */
export function isSyntheticDataset(dataset: Pick<Dataset, 'manifest' | 'community'>): boolean {
  return (
    !!dataset.manifest.synthetic ||
    (dataset.community?.features ?? []).some((f) => f.properties.synthetic === true)
  );
}
