/**
 * Areas and widths at any extent (issue 10): on a 500 km square (tests/fixtures/coverage/big-extent.geojson), each
 * piece near a corner is measured as a projection centred on itself measures it: area within 0.1 %, width within
 * 1 % of GEOS's piece re-measured locally. In the container's projection they would be off by about 2 %.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import type { Areal, CommunityProps, GridProps } from '../../../../src/domain/types';
import { validateCoverage } from '../../../../src/geo/coverage/validate-coverage';
import { geosCoverage, loadGeos, problemProjection, type Geos } from '../../../reference/geos';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../fixtures/coverage/big-extent.geojson'), 'utf8'),
) as FeatureCollection<Areal>;
const communities = fixture.features.filter((f) => f.properties?.layer === 'community') as Feature<Areal, CommunityProps>[];
const grids = fixture.features.filter((f) => f.properties?.layer === 'grid') as Feature<Areal, GridProps>[];

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeos();
});

describe('a province-sized extent', () => {
  it('measures each piece in a projection centred on itself', () => {
    const findings = validateCoverage({ communities, grids, microGrids: [] });
    const container = { code: communities[0].properties.code, geometry: communities[0].geometry };
    const units = grids.map((g) => ({ code: g.properties.code, geometry: g.geometry }));
    const proj = problemProjection(container.geometry);
    const ref = geosCoverage(geos, { container, units, requireFull: true }, proj);
    const want = [
      ...[...ref.overlaps.values()].flat().map((p) => ['grid-overlap', p] as const),
      ...ref.gaps.map((p) => ['grid-gap', p] as const),
      ...[...ref.outside.values()].flat().map((p) => ['grid-outside-boundary', p] as const),
    ];
    expect(want.map(([rule]) => rule).sort()).toEqual(findings.map((f) => f.rule).sort());
    for (const [rule, piece] of want) {
      const ours = findings.find((f) => f.rule === rule)!;
      // The same piece in the container's projection is about 2 % off: the comparison below can tell.
      expect(Math.abs(ours.areaM2! - piece.areaM2) / piece.areaM2, rule).toBeLessThan(1e-3);
      expect(Math.abs(ours.widthM! - piece.widthM) / piece.widthM, rule).toBeLessThan(1e-2);
      expect(piece.widthM).toBeGreaterThan(10);
    }
  });
});
