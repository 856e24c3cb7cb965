import { describe, expect, it } from 'vitest';
import { datasetFingerprint } from '../../../../src/io/plan/fingerprint';
import { miniDataset, proposedDataset } from './proposal-fixture';

describe('datasetFingerprint', () => {
  it('is 64 hex digits, the same for the same data however its keys are ordered', async () => {
    const a = await miniDataset();
    const fp = await datasetFingerprint(a);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(await datasetFingerprint(await miniDataset())).toBe(fp);
    const reordered = {
      ...a,
      grids: {
        ...a.grids!,
        features: a.grids!.features.map((f) => ({
          properties: Object.fromEntries(Object.entries(f.properties).reverse()) as typeof f.properties,
          geometry: f.geometry,
          type: f.type,
        })),
      },
    };
    expect(await datasetFingerprint(reordered)).toBe(fp);
  });

  it('changes with a unit, its lineage, a coordinate or an enterprise; not with incidents', async () => {
    const a = await miniDataset();
    const fp = await datasetFingerprint(a);
    expect(await datasetFingerprint(proposedDataset(a))).not.toBe(fp);
    const moved = structuredClone(a);
    (moved.microGrids!.features[0].geometry.coordinates as number[][][])[0][1][0] += 1e-7;
    expect(await datasetFingerprint(moved)).not.toBe(fp);
    const renamed = structuredClone(a);
    renamed.enterprises!.features[0].properties.gridCode = 'x';
    expect(await datasetFingerprint(renamed)).not.toBe(fp);
    expect(await datasetFingerprint({ ...a, incidents: undefined, patrols: undefined })).toBe(fp);
  });
});
