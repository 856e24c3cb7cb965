import turfBbox from '@turf/bbox';
import type { DatasetIndex } from '../geo/dataset-index';

/** A community must span this many screen pixels before its grids are named and clickable one by one. */
const COMMUNITY_SPAN_PX = 300;
/** MapLibre's tiles are 512 px: at zoom z the world is 512·2^z px wide. */
const WORLD_PX_AT_0 = 512;

/**
 * The zoom at which a county's map changes from communities to grids (issue 14): below it the communities are
 * named and a click selects one, from it the grids are (and micro-grids from zoom 15, as in one community). It is
 * the zoom at which the median community spans COMMUNITY_SPAN_PX pixels (Web Mercator: a degree of latitude is
 * 1/cos(lat) degrees of longitude wide on screen), so it follows the data rather than a fixed number: a 3 km
 * community gets about 12.7. Null for a single community (its grids are named at every zoom, as before).
 * @example gridLabelMinZoom(index) // 12.7 on data/haiyan-mini
 */
export function gridLabelMinZoom(index: DatasetIndex): number | null {
  if (!index.multiCommunity) return null;
  const spans: number[] = [];
  for (const feature of index.communities.values()) {
    const [minX, minY, maxX, maxY] = turfBbox(feature);
    if (![minX, minY, maxX, maxY].every(Number.isFinite)) continue;
    const lat = ((minY + maxY) / 2) * (Math.PI / 180);
    spans.push(Math.max(maxX - minX, (maxY - minY) / Math.max(Math.cos(lat), 0.01)));
  }
  spans.sort((a, b) => a - b);
  const median = spans[Math.floor(spans.length / 2)];
  if (!median || median <= 0) return null;
  const zoom = Math.log2((COMMUNITY_SPAN_PX * 360) / (WORLD_PX_AT_0 * median));
  return Math.min(16, Math.max(8, Math.round(zoom * 10) / 10));
}
