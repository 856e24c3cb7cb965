import type { Map as MapLibreMap, PointLike } from 'maplibre-gl';

export type PickTarget =
  | { kind: 'community'; source: 'community'; id: string }
  | { kind: 'enterprise'; source: 'enterprises'; id: string }
  | { kind: 'microgrid'; source: 'microgrids'; id: string }
  | { kind: 'grid'; source: 'grids'; id: string };

/** Pixels around the pointer that still count as touching an enterprise dot. */
const HIT_TOLERANCE = 5;

function present(map: MapLibreMap, ids: string[]): string[] {
  return ids.filter((id) => map.getLayer(id));
}

/**
 * What a click at `point` would select. Enterprises win (they are small). Micro-grids lie inside grids and may
 * fill most of one, so the map drills down: a click selects the grid first, and a micro-grid only once its grid
 * is the one selected. Hidden layers are not queried, so hiding grids makes micro-grids directly clickable.
 * In a county (`communitiesBelow`, the zoom from which grids are named: map/hierarchy-zoom), below that zoom a click
 * selects the community under the pointer, as the labels name communities there.
 * @example pick(map, e.point, selection.gridCode)
 */
export function pick(
  map: MapLibreMap,
  point: { x: number; y: number },
  selectedGrid: string | null,
  communitiesBelow: number | null = null,
): PickTarget | null {
  if (communitiesBelow !== null && map.getZoom() < communitiesBelow) {
    const layers = present(map, ['community-fill']);
    const [hit] = layers.length ? map.queryRenderedFeatures([point.x, point.y], { layers }) : [];
    const code = hit?.properties?.code;
    return typeof code === 'string' ? { kind: 'community', source: 'community', id: code } : null;
  }
  const box: [PointLike, PointLike] = [
    [point.x - HIT_TOLERANCE, point.y - HIT_TOLERANCE],
    [point.x + HIT_TOLERANCE, point.y + HIT_TOLERANCE],
  ];
  const enterpriseLayers = present(map, ['enterprises']);
  if (enterpriseLayers.length) {
    const [hit] = map.queryRenderedFeatures(box, { layers: enterpriseLayers });
    if (hit) return { kind: 'enterprise', source: 'enterprises', id: String(hit.properties.id) };
  }
  const areaLayers = present(map, ['microgrids-fill', 'grids-fill']);
  if (!areaLayers.length) return null;
  const hits = map.queryRenderedFeatures([point.x, point.y], { layers: areaLayers });
  const grid = hits.find((f) => f.layer.id === 'grids-fill');
  const micro = hits.find((f) => f.layer.id === 'microgrids-fill');
  const gridCode = grid ? String(grid.properties.code) : null;
  const microGridOf = micro ? String(micro.properties.gridCode) : null;
  if (micro && (!grid || (selectedGrid !== null && microGridOf === selectedGrid))) {
    return { kind: 'microgrid', source: 'microgrids', id: String(micro.properties.code) };
  }
  return gridCode ? { kind: 'grid', source: 'grids', id: gridCode } : null;
}
