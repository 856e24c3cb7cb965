/**
 * invalid-geometry agrees with GEOS `isValid` (issue 10, item 3): rings that touch at a point (a hole touching
 * its shell, holes touching each other, parts meeting at a vertex) are valid, as OGC and GEOS say, and every
 * invalid shape carries the class GEOS gives it (`reason`). GEOS stops at its first error; we report each fault
 * we find, so GEOS's class must be among ours, and on the hand corpus ours must be exactly the shape's faults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from 'geojson';
import type { Areal, CommunityProps, GridProps } from '../../../../src/domain/types';
import { GEOMETRY_REASONS } from '../../../../src/domain/findings';
import { checkArealGeometry } from '../../../../src/geo/coverage/check-geometry';
import { validateCoverage } from '../../../../src/geo/coverage/validate-coverage';
import { geosErrors, geosValidity, loadGeos, type Geos } from '../../../reference/geos';
import { randomPolygon } from '../../../reference/random-polygons';

const corpus = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../fixtures/validity/corpus.geojson'), 'utf8'),
) as FeatureCollection<Polygon | MultiPolygon, { name: string; faults: string[]; description: string }>;

let geos: Geos;
beforeAll(async () => {
  geos = await loadGeos();
});

/** Our reasons for a geometry, each once, sorted. */
const reasonsOf = (g: Geometry | null) => [...new Set(checkArealGeometry(g).map((p) => p.reason))].sort();

/** Whether some point is shared by two rings, or met twice by one ring (not counting its closing point). */
function hasTouch(g: Polygon | MultiPolygon): boolean {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  const seen = new Map<string, number>();
  let ring = 0;
  for (const polygon of polygons) {
    for (const r of polygon) {
      for (let i = 0; i < r.length - 1; i++) {
        if (i > 0 && r[i][0] === r[i - 1][0] && r[i][1] === r[i - 1][1]) continue;
        const key = `${r[i][0]},${r[i][1]}`;
        if (seen.has(key)) return true;
        seen.set(key, ring);
      }
      ring++;
    }
  }
  return false;
}

describe('the hand corpus (tests/fixtures/validity)', () => {
  it('holds at least 40 shapes, valid and invalid, covering every GEOS class', () => {
    expect(corpus.features.length).toBeGreaterThanOrEqual(40);
    expect(corpus.features.filter((f) => !f.properties.faults.length).length).toBeGreaterThanOrEqual(15);
    const classes = new Set(corpus.features.flatMap((f) => f.properties.faults));
    const ogc = GEOMETRY_REASONS.filter(
      (r) => !['wrong-type', 'empty', 'not-lonlat', 'invalid-coordinate'].includes(r),
    );
    expect([...classes].sort()).toEqual([...ogc].sort());
  });

  it.each(corpus.features.map((f) => [f.properties.name, f] as const))('%s', (_name, f) => {
    const ref = geosValidity(geos, f.geometry);
    const faults = [...f.properties.faults].sort();
    // The fixture is what it says it is: GEOS finds it valid, or names one of its faults.
    if (faults.length) expect(faults).toContain(ref.reason);
    else expect(ref.text).toBe('Valid Geometry');
    // And we find exactly its faults.
    expect(reasonsOf(f.geometry)).toEqual(faults);
    expect(geosErrors().filter((e) => !/LinearRing/.test(e))).toEqual([]);
  });
});

describe('seeded random polygons (tests/reference/random-polygons.ts)', () => {
  it('agree with GEOS on validity and on the class of fault, 1,500 shapes', () => {
    const counts: Record<string, number> = {};
    let touchingValid = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const { geometry, steps } = randomPolygon(1, i);
      const ref = geosValidity(geos, geometry);
      const ours = reasonsOf(geometry);
      counts[ref.reason] = (counts[ref.reason] ?? 0) + 1;
      if (ref.reason === 'valid' && hasTouch(geometry)) touchingValid++;
      const agree = ref.reason === 'valid' ? ours.length === 0 : ours.includes(ref.reason);
      if (!agree)
        disagreements.push(`#${i} (${steps.join(', ')}): GEOS ${ref.text}, ours [${ours.join(', ')}]`);
    }
    expect(disagreements).toEqual([]);
    // The series exercises what it is for: plenty of valid shapes with touching rings, and most classes.
    expect(touchingValid).toBeGreaterThanOrEqual(100);
    expect(counts.valid).toBeGreaterThanOrEqual(300);
    for (const reason of [
      'self-intersection',
      'ring-self-intersection',
      'hole-outside-shell',
      'nested-holes',
      'disconnected-interior',
      'nested-shells',
    ]) {
      expect(counts[reason] ?? 0, reason).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('coordinates GEOS checks before topology', () => {
  const square: Position[] = [
    [120.3, 30.2],
    [120.31, 30.2],
    [120.31, 30.21],
    [120.3, 30.21],
    [120.3, 30.2],
  ];
  it.each([
    ['NaN', NaN],
    ['Infinity', Infinity],
  ])('a %s coordinate is an invalid coordinate, as for GEOS, and does not crash', (_label, bad) => {
    const ring = square.map((p) => [...p]);
    ring[2][0] = bad;
    const g: Polygon = { type: 'Polygon', coordinates: [ring] };
    expect(geosValidity(geos, g).reason).toBe('invalid-coordinate');
    const problems = checkArealGeometry(g);
    expect(problems.map((p) => [p.reason, p.fatal])).toEqual([['invalid-coordinate', true]]);
    expect(problems[0].message).toContain(String(bad));
  });

  it('names its own classes where GEOS has none: wrong type, no rings, not lon/lat', () => {
    expect(reasonsOf({ type: 'Point', coordinates: [120, 30] })).toEqual(['wrong-type']);
    expect(reasonsOf({ type: 'Polygon', coordinates: [] })).toEqual(['empty']);
    const projected: Polygon = { type: 'Polygon', coordinates: [square.map(([x, y]) => [x * 1e4, y * 1e4])] };
    expect(geosValidity(geos, projected).reason).toBe('valid');
    expect(reasonsOf(projected)).toEqual(['not-lonlat']);
  });
});

describe('validateCoverage', () => {
  const named = (name: string) => corpus.features.find((f) => f.properties.name === name)!.geometry as Areal;
  const feature = <P>(geometry: Areal, properties: P): Feature<Areal, P> => ({
    type: 'Feature',
    geometry,
    properties,
  });

  it('finds no invalid geometry in a grid whose hole touches its shell, and a reason on a bow-tie', () => {
    const community = feature<CommunityProps>(named('wobbly-2000-hole-touches-shell-vertex-first'), {
      code: '330100000001',
      name: 'c',
    });
    const touching = feature<GridProps>(community.geometry, { code: '330100000001001', name: 'g' });
    expect(
      validateCoverage({ communities: [community], grids: [touching], microGrids: [] }).filter(
        (f) => f.rule === 'invalid-geometry',
      ),
    ).toEqual([]);
    const bowTie = feature<GridProps>(named('bow-tie'), { code: '330100000001002', name: 'b' });
    const found = validateCoverage({
      communities: [community],
      grids: [touching, bowTie],
      microGrids: [],
    }).filter((f) => f.rule === 'invalid-geometry');
    expect(found.map((f) => [f.codes, f.reason])).toEqual([[['330100000001002'], 'self-intersection']]);
    expect(found[0].message).toMatch(/^grid 330100000001002: boundary crosses itself/);
  });
});
