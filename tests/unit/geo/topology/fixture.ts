/**
 * Hand-made topologies for the tests, drawn in metres around (121, 30.6) so expected areas are easy to write down.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Areal, CommunityProps, GridProps, MicroGridProps } from '../../../../src/domain/types';
import { localProjection } from '../../../../src/geo/projection';
import type { TopologyInput } from '../../../../src/geo/topology';

export const proj = localProjection([121, 30.6]);
export type XY = [number, number];

export const ll = (p: XY): [number, number] => proj.toLonLat(p);
export const ring = (pts: XY[]) => [...pts, pts[0]].map(ll);
export const poly = (shell: XY[], ...holes: XY[][]): Polygon => ({ type: 'Polygon', coordinates: [ring(shell), ...holes.map(ring)] });
export const rect = (x0: number, y0: number, x1: number, y1: number): XY[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];
export const multi = (...polys: Polygon[]): MultiPolygon => ({ type: 'MultiPolygon', coordinates: polys.map((p) => p.coordinates) });

export const community = (code: string, g: Areal): Feature<Areal, CommunityProps> => ({ type: 'Feature', properties: { code, name: code }, geometry: g });
export const grid = (code: string, g: Areal): Feature<Areal, GridProps> => ({ type: 'Feature', properties: { code, name: code, communityCode: code.slice(0, 12) }, geometry: g });
export const micro = (code: string, g: Areal): Feature<Areal, MicroGridProps> => ({ type: 'Feature', properties: { code, gridCode: code.slice(0, 15) }, geometry: g });

export const C = '330424002012';
export const G1 = `${C}001`;
export const G2 = `${C}002`;
export const G3 = `${C}003`;

/**
 * A 300 × 100 m community: three 100 × 100 grids side by side (G1 | G2 | G3), G1 with two micro-grids
 * (10..40 and 60..90 wide, 20..80 high), G2 with one that touches G1's border from inside G2.
 */
export function threeGrids(): TopologyInput {
  return {
    communities: [community(C, poly(rect(0, 0, 300, 100)))],
    grids: [
      grid(G1, poly(rect(0, 0, 100, 100))),
      grid(G2, poly(rect(100, 0, 200, 100))),
      grid(G3, poly(rect(200, 0, 300, 100))),
    ],
    microGrids: [
      micro(`${G1}001`, poly(rect(10, 20, 40, 80))),
      micro(`${G1}002`, poly(rect(60, 20, 90, 80))),
      micro(`${G2}001`, poly([[100, 20], [150, 20], [150, 80], [100, 80]])),
    ],
  };
}
