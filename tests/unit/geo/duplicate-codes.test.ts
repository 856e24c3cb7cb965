/**
 * A duplicated code (issue 10): units are features, so two grids (or micro-grids) carrying the same code are one
 * code-duplicate finding each code and change no other finding: no gap the size of one of them, no micro-grid
 * outside its grid, no enterprise count or composition that adds up the enterprises of both.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { Areal, CommunityProps, Dataset, EnterpriseProps, GridProps, MicroGridProps } from '../../../src/domain/types';
import { createRng } from '../../../src/domain/random';
import { makeUscc } from '../../../src/domain/uscc';
import { validateDataset } from '../../../src/geo/validate-dataset';
import { CoverageValidator, validateCoverage } from '../../../src/geo/coverage/validate-coverage';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../fixtures/coverage/duplicate-code.geojson'), 'utf8'),
) as FeatureCollection<Areal>;
const layer = <P>(name: string) => fixture.features.filter((f) => f.properties?.layer === name) as Feature<Areal, P>[];
const communities = layer<CommunityProps>('community');
const grids = layer<GridProps>('grid');
const microGrids = layer<MicroGridProps>('microgrid');

/** Enterprises spread evenly over a micro-grid's box (lon/lat), declaring the unit they lie in. */
function inside(m: Feature<Areal, MicroGridProps>, n: number, scale: 'above' | 'below', rng = createRng(7)) {
  const ring = (m.geometry.type === 'Polygon' ? m.geometry.coordinates : m.geometry.coordinates[0])[0];
  const [x0, y0] = ring[0];
  const [x1, y1] = ring[2];
  return Array.from({ length: n }, (_, i): Feature<Point, EnterpriseProps> => ({
    type: 'Feature',
    properties: {
      id: makeUscc(rng, '330424'),
      name: `企业${m.properties.code.slice(-6)}-${scale}-${i}`,
      scale,
      gridCode: m.properties.gridCode,
      microGridCode: m.properties.code,
    },
    geometry: { type: 'Point', coordinates: [x0 + ((i + 1) / (n + 1)) * (x1 - x0), y0 + 0.5 * (y1 - y0)] },
  }));
}

function dataset(): Dataset {
  const rng = createRng(11);
  // Each grid coded 002 holds 6 enterprises (12 if they were one grid); each micro-grid coded 002001 holds one
  // above-size enterprise (two if they were one micro-grid, which the standard does not allow).
  const [m1, m2, m1b, m3] = microGrids;
  const enterprises = [
    ...inside(m1, 1, 'above', rng),
    ...inside(m2, 5, 'below', rng),
    ...inside(m1b, 1, 'above', rng),
    ...inside(m3, 5, 'below', rng),
  ];
  const asOf = '2026-03-20T12:00:00+08:00';
  return {
    manifest: { name: 'duplicate codes', files: [] },
    community: { type: 'FeatureCollection', features: communities.map((c) => ({ ...c, properties: { ...c.properties, asOf } })) },
    grids: { type: 'FeatureCollection', features: grids },
    microGrids: { type: 'FeatureCollection', features: microGrids },
    enterprises: { type: 'FeatureCollection', features: enterprises },
  };
}

describe('duplicated codes', () => {
  it('the fixture has two grids coded 002 and two micro-grids coded 002001', () => {
    expect(grids.map((g) => g.properties.code.slice(-3))).toEqual(['001', '002', '002']);
    expect(microGrids.filter((m) => m.properties.code.endsWith('002001'))).toHaveLength(2);
  });

  it('change no coverage finding', () => {
    expect(validateCoverage({ communities, grids, microGrids }).map((f) => f.message)).toEqual([]);
  });

  it('are one code-duplicate finding per code; enterprises are counted per unit, not per code', () => {
    const report = validateDataset(dataset(), { now: 0 });
    expect(report.findings.map((f) => `${f.rule} ${f.codes.join(',')}: ${f.message}`)).toEqual([
      expect.stringMatching(/^code-duplicate 330424001001002: code 330424001001002 is used by 2 units/),
      expect.stringMatching(/^code-duplicate 330424001001002001: code 330424001001002001 is used by 2 units/),
      expect.stringMatching(/^grid-enterprise-count 330424001001001: grid 330424001001001 has 0 enterprises/),
      expect.stringMatching(/^grid-enterprise-count 330424001001002: grid 330424001001002 has 6 enterprises/),
      expect.stringMatching(/^grid-enterprise-count 330424001001002: grid 330424001001002 has 6 enterprises/),
      expect.stringMatching(/^microgrid-composition 330424001001001001: micro-grid 330424001001001001 holds no enterprises/),
    ]);
  });

  it('an edit of one of two units that share a code leaves the other in place', () => {
    const v = new CoverageValidator({ communities, grids, microGrids });
    const third = grids[2];
    // The second grid coded 002 re-sent as a new object: remove that feature, add the new one beside the other.
    const copy = structuredClone(third);
    expect(v.update({ removed: [third], grids: [copy] })).toEqual([]);
    // Removing it for good opens a gap the size of it, and its micro-grids leave their grid (now only the other).
    const after = v.update({ removed: [copy] });
    expect(after.map((f) => f.rule).sort()).toEqual(['grid-gap', 'microgrid-outside-grid', 'microgrid-outside-grid']);
    expect(after.find((f) => f.rule === 'grid-gap')!.areaM2).toBeCloseTo(10_000, -1);
  });
});
