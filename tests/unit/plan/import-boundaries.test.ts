/**
 * import-boundaries (issue 15): an imported file's grids or micro-grids as one planner step on the community
 * dataset. Codes are identity: kept, retired, new (the file's code when free, else allocated); micro-grids follow
 * the new grids; undo gives back the draft exactly; areas checked with GEOS.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import union from '@turf/union';
import type { Areal, Dataset, GridFeature } from '../../../src/domain/types';
import { PlanError, type BoundaryUnit, type PlanOp } from '../../../src/domain/plan/types';
import { checkOps } from '../../../src/domain/plan/parse-ops';
import { PlanSession } from '../../../src/geo/plan/session';
import { validateDataset } from '../../../src/geo/validate-dataset';
import { loadGeos, type Geos } from '../../reference/geos';
import { communityArea, loadZhihuiwan, WHO } from './plan-fixture';

const NOW = Date.parse('2026-11-21T00:00:00+08:00');
const C = '330424002012';
const G1 = `${C}001`;
const G2 = `${C}002`;
let dataset: Dataset;
let geos: Geos;
beforeAll(async () => {
  dataset = await loadZhihuiwan();
  geos = await loadGeos();
});

const session = () => new PlanSession(dataset, { now: NOW });
const liveGrids = (s: PlanSession) => s.snapshot().grids.features;
const asUnits = (grids: GridFeature[]): BoundaryUnit[] =>
  grids.map((g) => ({ code: g.properties.code, name: g.properties.name, geometry: g.geometry }));
const importGrids = (units: BoundaryUnit[]): PlanOp => ({
  op: 'import-boundaries',
  layer: 'grid',
  units,
  source: 'grids.zip',
});

const area = (g: Areal) => communityArea(geos, dataset, g);

/**
 * Errors of the validator on the draft's dataset, by rule, but staffing: members stay in their grids, as in a merge
 * (the planner assigns them in the roster), so a new grid has none yet.
 */
const errors = (s: PlanSession) =>
  validateDataset(s.dataset(), { now: NOW })
    .findings.filter((f) => f.severity === 'error' && f.rule !== 'staffing')
    .map((f) => f.rule);

describe('import-boundaries, grids', () => {
  it('refuses a file whose grids are those of the draft: nothing changes', () => {
    const s = session();
    expect(() => s.apply(importGrids(asUnits(liveGrids(s))), WHO)).toThrow(PlanError);
    expect(s.history).toHaveLength(0);
  });

  it('takes a file whose vertices moved less than the snap distance (a projection and back) as unchanged', () => {
    const s = session();
    const jitter = (g: Areal): Areal =>
      JSON.parse(JSON.stringify(g), (k, v: unknown) =>
        typeof v === 'number' && k !== '' ? v + 2e-9 : v,
      ) as Areal;
    const units = asUnits(liveGrids(s)).map((u) => ({ ...u, geometry: jitter(u.geometry) }));
    expect(() => s.apply(importGrids(units), WHO)).toThrow(/nothing to change/);
    // 5 cm off is a reshape.
    const far = asUnits(liveGrids(s)).map((u, i) =>
      i === 0
        ? {
            ...u,
            geometry: JSON.parse(JSON.stringify(u.geometry), (k, v: unknown) =>
              typeof v === 'number' && k !== '' ? v + 5e-7 : v,
            ) as Areal,
          }
        : u,
    );
    expect(() => s.apply(importGrids(far), WHO)).not.toThrow();
  });

  it('keeps codes in force, renames from the file, and changes nothing else', () => {
    const s = session();
    const units = asUnits(liveGrids(s));
    units[0] = { ...units[0], name: '新名字 <b>1</b>' };
    const e = s.apply(importGrids(units), WHO);
    expect(e.effect).toEqual({ added: [], retired: [], reshaped: [], renamed: [G1] });
    expect(s.dataset().grids!.features.find((g) => g.properties.code === G1)!.properties.name).toBe(
      '新名字 <b>1</b>',
    );
  });

  it('a file with two grids drawn as one: retires both, the new grid has the file code and both as parents, micro-grids follow', () => {
    const s = session();
    const grids = liveGrids(s);
    const [g1, g2] = [G1, G2].map((c) => grids.find((g) => g.properties.code === c)!);
    const merged = union({ type: 'FeatureCollection', features: [g1, g2] })!.geometry;
    const fileCode = `${C}050`;
    const units = asUnits(grids.filter((g) => g !== g1 && g !== g2));
    units.push({ code: fileCode, name: '合并网格', geometry: merged });
    const microsBefore = s
      .snapshot()
      .microGrids.features.filter((m) => [G1, G2].includes(m.properties.gridCode)).length;
    const e = s.apply(importGrids(units), WHO);
    expect(e.effect.retired).toEqual(expect.arrayContaining([G1, G2]));
    expect(e.effect.added).toContain(fileCode);
    expect(e.effect.renumbered).toBeUndefined();
    const out = s.dataset();
    const made = out.grids!.features.find((g) => g.properties.code === fileCode)!;
    expect(made.properties).toMatchObject({
      name: '合并网格',
      communityCode: C,
      parentCodes: [G1, G2],
      validFrom: s.effective,
    });
    expect(area(made.geometry)).toBeCloseTo(area(g1.geometry) + area(g2.geometry), -1);
    const microsNow = s.snapshot().microGrids.features.filter((m) => m.properties.gridCode === fileCode);
    expect(microsNow).toHaveLength(microsBefore);
    for (const m of microsNow) expect(m.properties.code.startsWith(fileCode)).toBe(true);
    // Every enterprise of the two old grids is in the new one.
    expect(
      out.enterprises!.features.filter((x) => [G1, G2].includes(x.properties.gridCode ?? '')),
    ).toHaveLength(0);
    expect(errors(s)).toEqual([]);
  });

  it('gives new codes where the file codes cannot be kept, and says which', () => {
    const s = session();
    const grids = liveGrids(s);
    // Codes from another system; and one code of a grid in force given to another grid's shape.
    const units = grids.map((g, i) => ({
      code: `NR-${i + 1}`,
      name: `自然资源局网格${i + 1}`,
      geometry: g.geometry,
    }));
    const e = s.apply(importGrids(units), WHO);
    expect(e.effect.retired.filter((c) => c.length === 15)).toHaveLength(grids.length);
    // Every micro-grid follows its grid under a new code.
    expect(e.effect.retired.filter((c) => c.length === 18)).toHaveLength(
      s.snapshot().microGrids.features.length,
    );
    expect(e.effect.added.filter((c) => c.length === 15)).toHaveLength(grids.length);
    expect(e.effect.renumbered).toHaveLength(grids.length);
    expect(e.effect.renumbered![0]).toEqual({
      given: 'NR-1',
      code: expect.stringMatching(/^330424002012\d{3}$/),
    });
    // New codes are never those of the dataset.
    for (const r of e.effect.renumbered!)
      expect(dataset.grids!.features.some((g) => g.properties.code === r.code)).toBe(false);
    // Each new grid has its one predecessor as parent (the same shape), and the draft still validates.
    const out = s.dataset().grids!.features;
    const first = out.find((g) => g.properties.code === e.effect.renumbered![0].code)!;
    expect(first.properties.parentCodes).toEqual([grids[0].properties.code]);
    expect(errors(s)).toEqual([]);
  });

  it('reshapes the grids whose border moved, moves their enterprises, and undo gives the draft back exactly', () => {
    const s = session();
    const before = s.dataset();
    const snapBefore = JSON.stringify(s.snapshot());
    const grids = liveGrids(s);
    const g1 = grids.find((g) => g.properties.code === G1)!;
    const g2 = grids.find((g) => g.properties.code === G2)!;
    // G2 gives G1 all of itself but a sliver: G1 = G1 ∪ G2, G2 = nothing → the file lacks G2 (retired).
    const units = asUnits(grids.filter((g) => g !== g2));
    units[grids.indexOf(g1)] = {
      ...units[grids.indexOf(g1)],
      geometry: union({ type: 'FeatureCollection', features: [g1, g2] })!.geometry,
    };
    const e = s.apply(importGrids(units), WHO);
    expect(e.effect.reshaped).toContain(G1);
    expect(e.effect.retired).toContain(G2);
    expect(s.status().changes.moves.some((m) => m.from === G2 && m.to === G1)).toBe(true);
    s.undo();
    expect(JSON.stringify(s.snapshot())).toBe(snapBefore);
    expect(s.dataset()).toEqual(before);
    s.redo();
    expect(s.dataset().grids!.features.find((g) => g.properties.code === G2)!.properties.validTo).toBe(
      s.effective,
    );
  });

  it('refuses a grid outside every community, naming it, and changes nothing', () => {
    const s = session();
    const units = asUnits(liveGrids(s));
    const far: Areal = {
      type: 'Polygon',
      coordinates: [
        [
          [100, 20],
          [100.01, 20],
          [100.01, 20.01],
          [100, 20],
        ],
      ],
    };
    units.push({ code: 'X-9', geometry: far });
    let error: PlanError | undefined;
    try {
      s.apply(importGrids(units), WHO);
    } catch (e) {
      error = e as PlanError;
    }
    expect(error).toBeInstanceOf(PlanError);
    expect(error!.message).toContain('unit 12 (X-9) lies in no community');
    expect(error!.reason).toBe('no-parent');
    expect(s.history).toHaveLength(0);
  });
});

describe('import-boundaries, micro-grids', () => {
  it('retires the micro-grids the file lacks, keeps the rest, and refuses one outside every grid', () => {
    const s = session();
    const micros = s.snapshot().microGrids.features;
    const units: BoundaryUnit[] = micros
      .slice(1)
      .map((m) => ({ code: m.properties.code, geometry: m.geometry }));
    const e = s.apply({ op: 'import-boundaries', layer: 'micro', units }, WHO);
    expect(e.effect).toEqual({ added: [], retired: [micros[0].properties.code], reshaped: [] });
    // Kinds the file does not give are kept.
    const kept = s
      .dataset()
      .microGrids!.features.find((m) => m.properties.code === micros[1].properties.code)!;
    expect(kept.properties.kind).toBe(micros[1].properties.kind);
    const far: Areal = {
      type: 'Polygon',
      coordinates: [
        [
          [100, 20],
          [100.01, 20],
          [100.01, 20.01],
          [100, 20],
        ],
      ],
    };
    expect(() =>
      s.apply(
        { op: 'import-boundaries', layer: 'micro', units: [...units, { code: 'M', geometry: far }] },
        WHO,
      ),
    ).toThrow(/lies in no grid in force/);
  });
});

describe('import-boundaries, the record', () => {
  const square: Areal = {
    type: 'Polygon',
    coordinates: [
      [
        [121, 30],
        [121.01, 30],
        [121.01, 30.01],
        [121, 30],
      ],
    ],
  };

  it('reads a well-formed record', () => {
    const [op] = checkOps(
      [
        {
          op: 'import-boundaries',
          layer: 'micro',
          source: 'a.kml',
          units: [{ code: 'A', name: 'x', kind: 'park', geometry: square }],
        },
      ],
      'ops',
    );
    expect(op).toEqual({
      op: 'import-boundaries',
      layer: 'micro',
      source: 'a.kml',
      units: [{ code: 'A', name: 'x', kind: 'park', geometry: square }],
    });
  });

  it.each([
    [{ layer: 'grids', units: [{ code: 'A', geometry: square }] }, '"layer" is "grids"'],
    [{ layer: 'grid', units: [] }, '"units" needs at least one'],
    [
      {
        layer: 'grid',
        units: [
          { code: 'A', geometry: square },
          { code: 'A', geometry: square },
        ],
      },
      'units[1].code "A" is given twice',
    ],
    [
      { layer: 'grid', units: [{ code: 'A', geometry: { type: 'Point', coordinates: [121, 30] } }] },
      'units[0].geometry is a "Point" geometry',
    ],
    [
      {
        layer: 'grid',
        units: [
          {
            code: 'A',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [121, 30],
                  [121.01, 30],
                  [121.01, 30.01],
                  [121, 30.02],
                ],
              ],
            },
          },
        ],
      },
      'ring 1 is not closed',
    ],
    [
      {
        layer: 'grid',
        units: [
          {
            code: 'A',
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [121, 30],
                  [121, 95],
                  [121.01, 30],
                  [121, 30],
                ],
              ],
            },
          },
        ],
      },
      'is not a WGS84 [lon, lat]',
    ],
    [
      { layer: 'grid', units: [{ code: 'A', kind: 'park', geometry: square }] },
      'only a micro-grid has a kind',
    ],
    [{ layer: 'grid', units: [{ code: '', geometry: square }] }, 'units[0].code is "", not a code'],
    [{ layer: 'grid', units: [{ code: 'A', geometry: square, extra: 1 }] }, 'unknown key "extra"'],
  ])('names what is wrong: %j', (fields, text) => {
    expect(() => checkOps([{ op: 'import-boundaries', ...fields }], 'ops')).toThrow(text);
  });
});
