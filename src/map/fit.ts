import type { Map as MapLibreMap, PaddingOptions } from 'maplibre-gl';
import turfBbox from '@turf/bbox';
import type { Feature, FeatureCollection } from 'geojson';

/**
 * Room kept clear for the side panel on the right and the controls, so a fitted unit is not hidden. A view whose
 * panel is wider than the overview's says so on the map's container: `data-panel-width="560"`.
 */
export function mapPadding(map: MapLibreMap): PaddingOptions {
  const container = map.getContainer();
  const w = container.clientWidth;
  const panel = w > 900 ? Number(container.dataset.panelWidth) || 380 : 24;
  return { top: 48, bottom: 48, left: w > 900 ? Math.max(64, leftInset(container) + 16) : 64, right: panel + 24 };
}

/**
 * How far the floating cards on the map's left (controls, layer switcher, legend: `data-map-inset="left"`) reach
 * into it, in pixels from its left edge; so a fitted community is not left under them (issue 12, at 1366×768 the
 * western grids were). Cards wider than half the map are left out: then the map is too narrow to keep clear of them.
 */
function leftInset(container: HTMLElement): number {
  const screen = container.closest('.map-screen') ?? container.parentElement;
  if (!screen) return 0;
  const left = container.getBoundingClientRect().left;
  let reach = 0;
  for (const el of screen.querySelectorAll<HTMLElement>('[data-map-inset="left"]')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right - left < container.clientWidth / 2) reach = Math.max(reach, r.right - left);
  }
  return reach;
}

/**
 * The padding to hand to fitBounds so the unit lands clear of the panel. MapLibre adds fitBounds' padding to the
 * padding the map already carries (an easeTo with `padding`, as an enterprise selection does, leaves it set), so only
 * the part still missing is passed; otherwise a grid chosen after an enterprise lands off-centre.
 */
export function fitPadding(map: MapLibreMap): PaddingOptions {
  const want = mapPadding(map);
  const has = map.getPadding();
  const missing = (side: keyof PaddingOptions) => Math.max(0, (want[side] ?? 0) - (has[side] ?? 0));
  return { top: missing('top'), bottom: missing('bottom'), left: missing('left'), right: missing('right') };
}

/** Fits the map to a feature or collection; `animate: false` for the first view, so tests see it settled. */
export function fitTo(map: MapLibreMap, target: Feature | FeatureCollection, animate = true, maxZoom = 18): void {
  const [minX, minY, maxX, maxY] = turfBbox(target);
  if (![minX, minY, maxX, maxY].every(Number.isFinite)) return;
  map.fitBounds(
    [
      [minX, minY],
      [maxX, maxY],
    ],
    { padding: fitPadding(map), maxZoom, animate, duration: animate ? 600 : 0 },
  );
}
