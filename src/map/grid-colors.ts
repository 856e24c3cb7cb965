import Flatbush from 'flatbush';
import { arealBbox } from '../geo/areal-bbox';
import type { GridFC } from '../domain/types';
import { hasGeometry } from '../domain/geometry-fault';

/**
 * Soft fills that stay readable under labels; neighbouring grids get different ones. Orange, green and violet are
 * left out: micro-grids use them for their kinds, and a grid in the same hue would hide its micro-grids.
 */
export const GRID_PALETTE = ['#9cc3ec', '#f3e39a', '#f2b8c6', '#9fd6dc', '#d3cdc1', '#bcc7ef', '#e8c9a9', '#b8dff2'];

/**
 * Greedy colouring: each grid takes the first palette entry no neighbour (bounding boxes touching, a cheap and
 * slightly cautious stand-in for sharing an edge) has taken. Grids are visited by code so colours are stable.
 * @example colourGrids(grids).get('330424002201001') // 0..7
 */
export function colourGrids(grids: GridFC | undefined): Map<string, number> {
  const out = new Map<string, number>();
  // A grid read with malformed geometry (domain/geometry-fault) is not drawn, so it needs no colour.
  const features = (grids?.features ?? []).filter(hasGeometry).sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));
  if (features.length === 0) return out;
  const boxes = features.map((f) => arealBbox(f.geometry));
  const index = new Flatbush(features.length);
  for (const [minX, minY, maxX, maxY] of boxes) index.add(minX, minY, maxX, maxY);
  index.finish();
  features.forEach((f, i) => {
    const [minX, minY, maxX, maxY] = boxes[i];
    const taken = new Set<number>();
    for (const j of index.search(minX, minY, maxX, maxY)) {
      const c = out.get(features[j].properties.code);
      if (c !== undefined) taken.add(c);
    }
    let colour = 0;
    while (taken.has(colour) && colour < GRID_PALETTE.length - 1) colour++;
    out.set(f.properties.code, colour);
  });
  return out;
}
