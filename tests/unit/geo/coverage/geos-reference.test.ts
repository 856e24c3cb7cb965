/**
 * GEOS as the reference (issue "Boundary validation"): on hand fixtures and on seeded datasets with injected
 * defects, our overlap areas per pair of codes, total gap area and spill-over per code agree with GEOS within
 * 0.1 %, and the sets of offending code pairs are equal. Pieces under the tolerance are dropped on both sides
 * (width = 2 × polylabel distance, on GEOS pieces too). Every unit that GEOS's CoverageValidator finds an invalid
 * edge on is named by one of our findings (an area finding, or an edge mismatch under the tolerance).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection } from 'geojson';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../../../src/domain/types';
import { validateCoverage } from '../../../../src/geo/coverage/validate-coverage';
import { geosErrors, geosInvalidUnits, loadGeos, problemProjection, type Geos } from '../../../reference/geos';
import {
  compareSummaries,
  offendingPairs,
  summariseFindings,
  summariseGeos,
  unionOf,
  type DatasetInput,
} from '../../../reference/compare';
import { communityOfGrid } from '../../../../src/geo/coverage/validate-coverage';
import { fromWgs84, injectDefects, makeTiling, toWgs84 } from '../../../reference/tiling';
import { PRESETS, generateDataset } from '../../../../src/synth/generate/index';

const TOLERANCE = 0.5;
const FIXTURES = join(import.meta.dirname, '../../../fixtures/coverage');

interface Fixture extends FeatureCollection {
  name: string;
  description: string;
  expected: {
    overlaps?: Record<string, number>;
    gapM2?: number;
    outside?: Record<string, number>;
    mismatches?: string[];
  };
}

/**
 * The codes of the units GEOS's CoverageValidator finds invalid edges on, problem by problem as ours splits them
 * (each community's grids, each grid code's micro-grids), with the tolerance as its gap width.
 */
function geosInvalidCodes(input: DatasetInput): string[] {
  const out = new Set<string>();
  const communities = new Set(input.communities.map((c) => c.properties.code));
  const problems: { container: Areal; units: { code: string; geometry: Areal }[] }[] = [];
  for (const c of input.communities) {
    const units = input.grids.filter((g) => communityOfGrid(g.properties, communities) === c.properties.code);
    problems.push({ container: c.geometry, units: units.map((g) => ({ code: g.properties.code, geometry: g.geometry })) });
  }
  for (const code of new Set(input.grids.map((g) => g.properties.code))) {
    const grids = input.grids.filter((g) => g.properties.code === code).map((g) => g.geometry);
    const units = input.microGrids.filter((m) => m.properties.gridCode === code);
    problems.push({ container: unionOf(grids), units: units.map((m) => ({ code: m.properties.code, geometry: m.geometry })) });
  }
  for (const p of problems) {
    const proj = problemProjection(p.container);
    for (const i of geosInvalidUnits(geos, p.units.map((u) => u.geometry), proj, TOLERANCE)) out.add(p.units[i].code);
  }
  expect(geosErrors()).toEqual([]);
  return [...out].sort();
}

function readFixture(file: string): { fixture: Fixture; input: DatasetInput } {
  const fixture = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as Fixture;
  const layer = (name: string) => fixture.features.filter((f) => f.properties?.layer === name);
  return {
    fixture,
    input: {
      communities: layer('community') as Feature<Areal, CommunityProps>[],
      grids: layer('grid') as Feature<Areal, GridProps>[],
      microGrids: layer('microgrid') as Feature<Areal, MicroGridProps>[],
    },
  };
}

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeos();
});

/** Ours against GEOS on one dataset; returns both summaries. */
function check(input: DatasetInput) {
  const findings = validateCoverage(input, { tolerance: TOLERANCE });
  const ours = summariseFindings(findings);
  const ref = summariseGeos(geos, input, TOLERANCE);
  expect(geosErrors()).toEqual([]);
  // No invalid geometry in these datasets: every finding is a coverage finding.
  expect(findings.filter((f) => f.rule === 'invalid-geometry').map((f) => f.message)).toEqual([]);
  // Never nothing: every unit with an invalid edge in GEOS's eyes is named by a finding of ours.
  const named = new Set(findings.flatMap((f) => f.codes));
  expect(geosInvalidCodes(input).filter((c) => !named.has(c))).toEqual([]);
  return { ours, ref, findings };
}

describe('coverage vs GEOS: fixtures', () => {
  const files = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.geojson'))
    .sort();

  it('has the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  for (const file of files) {
    it(file.replace('.geojson', ''), () => {
      const { fixture, input } = readFixture(file);
      const { ours, ref, findings } = check(input);
      // The reference itself gives the hand-computed answer (codes abbreviated in the fixture).
      const community = input.communities[0].properties.code;
      // "001,002" are grids, "001001" a micro-grid: the level follows from the length.
      const expand = (key: string) => {
        const parts = key.split(',');
        return `${parts[0].length > 3 ? 'microgrid' : 'grid'}|${parts.map((k) => community + k).join(',')}`;
      };
      const want = new Map<string, number>();
      for (const [k, v] of Object.entries(fixture.expected.overlaps ?? {})) want.set(expand(k), v);
      expect([...ref.overlaps.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [k, v] of want) expect(ref.overlaps.get(k)).toBeCloseTo(v, -1);
      expect(ref.gapM2).toBeCloseTo(fixture.expected.gapM2 ?? 0, -1);
      const outside = Object.fromEntries(
        Object.entries(fixture.expected.outside ?? {}).map(([k, v]) => [expand(k), v]),
      );
      expect(Object.keys(Object.fromEntries(ref.outside)).sort()).toEqual(Object.keys(outside).sort());

      // Ours against GEOS.
      expect(offendingPairs(ours)).toEqual(offendingPairs(ref));
      expect(compareSummaries(ours, ref)).toEqual([]);
      // Shared borders that do not match under the tolerance: edge mismatches, named as the fixture says.
      const mismatches = findings
        .filter((f) => f.rule === 'edge-mismatch')
        .map((f) => f.codes.map((c) => c.slice(community.length)).join(','));
      expect(mismatches.sort()).toEqual([...(fixture.expected.mismatches ?? [])].sort());
    });
  }
});

describe('coverage vs GEOS: seeded lattices with injected defects', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}`, () => {
      const { dataset, defects } = injectDefects(makeTiling(seed), seed, 5);
      const { ours, ref } = check(toWgs84(dataset));
      const what = defects.map((d) => `${d.kind} ${d.code} (${d.detail})`).join('; ');
      expect(offendingPairs(ours), what).toEqual(offendingPairs(ref));
      expect(compareSummaries(ours, ref), what).toEqual([]);
      // The defects did something (a test that compares two empty answers proves little).
      expect(ref.overlaps.size + ref.outside.size + (ref.gapM2 > 0 ? 1 : 0)).toBeGreaterThan(0);
    });
  }

  it('only vertex moves and micro-grid growth (no straddling shifts)', () => {
    for (const seed of [11, 12, 13]) {
      const { dataset, defects } = injectDefects(makeTiling(seed), seed, 6, [
        'move-vertex',
        'enlarge-micro',
        'delete-grid',
      ]);
      const { ours, ref } = check(toWgs84(dataset));
      const what = defects.map((d) => `${d.kind} ${d.code} (${d.detail})`).join('; ');
      expect(offendingPairs(ours), what).toEqual(offendingPairs(ref));
      expect(compareSummaries(ours, ref), what).toEqual([]);
    }
  });
});

// The dataset generator (src/synth/generate): a community-scale dataset with defects on top.
describe('coverage vs GEOS: generated community datasets with injected defects', () => {
  for (const seed of [3, 7]) {
    it(`generator seed ${seed}`, () => {
      const ds = generateDataset({ scale: 'community', seed, incidents: 0 });
      const input = {
        communities: ds.community.features,
        grids: ds.grids.features,
        microGrids: ds.microGrids.features,
      };
      // A perfect coverage as generated.
      const clean = check(input);
      expect(offendingPairs(clean.ref)).toEqual([]);
      expect(compareSummaries(clean.ours, clean.ref)).toEqual([]);
      const centre = PRESETS.community.centre;
      const { dataset, defects } = injectDefects(fromWgs84(input, centre, 100), seed, 4, [
        'move-vertex',
        'enlarge-micro',
        'delete-grid',
      ]);
      const { ours, ref } = check(toWgs84(dataset));
      const what = defects.map((d) => `${d.kind} ${d.code} (${d.detail})`).join('; ');
      expect(offendingPairs(ours), what).toEqual(offendingPairs(ref));
      expect(compareSummaries(ours, ref), what).toEqual([]);
    });
  }
});
