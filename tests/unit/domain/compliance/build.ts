/**
 * Builds small compliant datasets for the compliance tests: grids side by side (0.01° squares from 121.00 E,
 * 30.60 N), micro-grids as small squares inside them, enterprises inside the micro-grids, full staffing.
 * Tests then break one thing at a time.
 */
import type { Point, Polygon, Position } from 'geojson';
import type {
  Dataset,
  EnterpriseFeature,
  GridFeature,
  Member,
  MicroGridFeature,
} from '../../../../src/domain/types';
import type { ComplianceOptions } from '../../../../src/domain/compliance';
import { createRng } from '../../../../src/domain/random';
import { makeUscc } from '../../../../src/domain/uscc';
import { activeFeatures } from '../../../../src/domain/lineage';
import { datasetAsOf } from '../../../../src/domain/stats';
import { assignEnterprises } from '../../../../src/geo/assign';

export const COMMUNITY = '330424002201';
export const AS_OF = '2026-03-20T12:00:00+08:00';
export const asOf = Date.parse(AS_OF);
export const gridCode = (i: number) => `${COMMUNITY}${String(i + 1).padStart(3, '0')}`;
export const microCode = (grid: number, i: number) => `${gridCode(grid)}${String(i + 1).padStart(3, '0')}`;

export interface MicroSpec {
  above?: number;
  below?: number;
  kind?: 'park';
}

/** One grid: its micro-grids, plus `loose` below-size enterprises inside the grid but in no micro-grid. */
export interface GridSpec {
  micro: MicroSpec[];
  loose?: number;
}

/** `above` one-enterprise micro-grids, then one micro-grid per entry of `belowGroups`. */
export function mix(above: number, belowGroups: number[]): MicroSpec[] {
  return [...Array.from({ length: above }, () => ({ above: 1 })), ...belowGroups.map((below) => ({ below }))];
}

export const square = (x0: number, y0: number, s: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [x0, y0],
      [x0 + s, y0],
      [x0 + s, y0 + s],
      [x0, y0 + s],
      [x0, y0],
    ],
  ],
});
const point = (p: Position): Point => ({ type: 'Point', coordinates: p });

const GRID = 0.01;
const CELL = 0.0012; // micro-grid pitch: 8 × 8 slots per grid
const MICRO = 0.001;

/** A compliant dataset for the given grids (default: one grid of 30 enterprises, one of 50). */
export function build(
  specs: GridSpec[] = [{ micro: mix(10, [5, 5, 5, 5]) }, { micro: mix(20, [5, 5, 5, 5, 5, 5]) }],
): Dataset {
  const rng = createRng(7);
  const grids: GridFeature[] = [];
  const micro: MicroGridFeature[] = [];
  const enterprises: EnterpriseFeature[] = [];
  const members: Member[] = [];
  const addEnterprise = (scale: 'above' | 'below', p: Position) =>
    enterprises.push({
      type: 'Feature',
      geometry: point(p),
      properties: { id: makeUscc(rng, '330424'), name: `企业${enterprises.length + 1}`, scale },
    });
  specs.forEach((spec, gi) => {
    const gx = 121 + gi * GRID;
    const gy = 30.6;
    const gc = gridCode(gi);
    grids.push({
      type: 'Feature',
      geometry: square(gx, gy, GRID),
      properties: { code: gc, name: `${gi + 1}网格`, communityCode: COMMUNITY },
    });
    for (const role of ['grid-leader', 'full-time', 'part-time', 'instructor', 'other'] as const) {
      members.push({ id: `${gc}-${role}`, name: role, role, gridCode: gc });
    }
    spec.micro.forEach((m, mi) => {
      const mx = gx + 0.0002 + (mi % 8) * CELL;
      const my = gy + 0.0002 + Math.floor(mi / 8) * CELL;
      const mc = microCode(gi, mi);
      micro.push({
        type: 'Feature',
        geometry: square(mx, my, MICRO),
        properties: { code: mc, gridCode: gc, ...(m.kind ? { kind: m.kind } : {}) },
      });
      for (const k of [1, 2])
        members.push({
          id: `${mc}-leader${k}`,
          name: `微网格长${k}`,
          role: 'micro-leader',
          gridCode: gc,
          microGridCode: mc,
        });
      let k = 0;
      const next = (): Position => {
        k++;
        return [mx + 0.00005 * k, my + 0.0005];
      };
      for (let i = 0; i < (m.above ?? 0); i++) addEnterprise('above', next());
      for (let i = 0; i < (m.below ?? 0); i++) addEnterprise('below', next());
    });
    // Loose enterprises sit in the grid's top strip, above every micro-grid slot.
    for (let i = 0; i < (spec.loose ?? 0); i++)
      addEnterprise('below', [gx + 0.0005 + i * 0.0001, gy + 0.0099]);
  });
  return {
    manifest: { name: 'compliance-test', files: [] },
    community: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: square(121, 30.6, GRID * Math.max(1, specs.length)),
          properties: { code: COMMUNITY, name: '测试社区', asOf: AS_OF },
        },
      ],
    },
    grids: { type: 'FeatureCollection', features: grids },
    microGrids: { type: 'FeatureCollection', features: micro },
    enterprises: { type: 'FeatureCollection', features: enterprises },
    members,
  };
}

/** Where each enterprise lies, over the units active at asOf: what the CLI and the app pass in. */
export function assignment(ds: Dataset, now = 0): ComplianceOptions['assignment'] {
  const t = datasetAsOf(ds, now);
  return assignEnterprises(
    activeFeatures(ds.grids?.features ?? [], t),
    activeFeatures(ds.microGrids?.features ?? [], t),
    ds.enterprises?.features ?? [],
  );
}

/** Options for the single-rule checks. */
export function placement(ds: Dataset) {
  const a = assignment(ds);
  return { gridOf: a.grid, microGridOf: a.microGrid };
}
