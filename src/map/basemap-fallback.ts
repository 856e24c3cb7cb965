import type { ErrorEvent, GeoJSONSourceSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import type { FeatureCollection } from 'geojson';

/**
 * When the base map's tiles cannot be read (basemap.pmtiles listed but missing, damaged, or a web server that does
 * not answer range requests), the map draws basemap.geojson instead: the `basemap` source becomes a GeoJSON source
 * of what `load` reads, each of its layers is put back where it was without its `source-layer`, and a warning says
 * why. Once per map; `load` giving null (no basemap.geojson either) leaves the map without a base map. Returns the
 * function that stops listening.
 * @example const stop = fallBackToGeojson(map, () => dataset.ensureBasemap().then(() => dataset.basemap))
 */
export function fallBackToGeojson(m: MapLibreMap, load: () => Promise<FeatureCollection | null>): () => void {
  let done = false;
  const onError = (e: ErrorEvent & { sourceId?: string }) => {
    if (done || e.sourceId !== 'basemap' || m.getSource('basemap')?.type !== 'vector') return;
    done = true;
    console.warn(`basemap.pmtiles could not be read (${e.error?.message ?? 'unknown error'}); the base map is drawn from basemap.geojson`);
    void load().then((fc) => {
      if (fc && m.getSource('basemap')?.type === 'vector') swapToGeojson(m, fc);
    });
  };
  m.on('error', onError);
  return () => m.off('error', onError);
}

function swapToGeojson(m: MapLibreMap, fc: FeatureCollection): void {
  const order = m.getStyle().layers;
  const isBase = (l: LayerSpecification) => 'source' in l && l.source === 'basemap';
  const base = order.filter(isBase);
  for (const l of base) m.removeLayer(l.id);
  m.removeSource('basemap');
  m.addSource('basemap', { type: 'geojson', data: fc, buffer: 64 } satisfies GeoJSONSourceSpecification);
  // Back to their places, last first: each goes under the layer that followed it, which is there by then.
  for (let i = order.length - 1; i >= 0; i--) {
    const l = order[i];
    if (!isBase(l)) continue;
    const spec = { ...l } as LayerSpecification & { 'source-layer'?: string };
    delete spec['source-layer'];
    m.addLayer(spec, order[i + 1]?.id);
  }
}
