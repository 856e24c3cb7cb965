// Bare MapLibre: fetch the dataset's GeoJSON, add it with plain fill/line/circle layers, fit the community,
// and resolve `window.__gridsight.ready` at the first `idle` — the floor the app's start-up is compared with.
// Served unbundled by tests/bench/ready-bench.mjs; maplibre-gl.mjs finds its worker file beside itself.
import * as maplibregl from '/__maplibre/maplibre-gl.mjs';

const base = new URLSearchParams(location.search).get('data') ?? '/data/zhihuiwan/';
const files = ['community', 'basemap', 'grids', 'microgrids', 'enterprises'];

const map = new maplibregl.Map({
  container: 'map',
  style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f3ef' } }] },
  attributionControl: false,
});

function bbox(fc) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      b[0] = Math.min(b[0], c[0]);
      b[1] = Math.min(b[1], c[1]);
      b[2] = Math.max(b[2], c[0]);
      b[3] = Math.max(b[3], c[1]);
    } else c.forEach(walk);
  };
  for (const f of fc.features) if (f.geometry) walk(f.geometry.coordinates);
  return b;
}

const ready = (async () => {
  const [data] = await Promise.all([
    Promise.all(files.map((f) => fetch(`${base}${f}.geojson`).then((r) => r.json()))),
    new Promise((resolve) => map.once('load', resolve)),
  ]);
  const byName = Object.fromEntries(files.map((f, i) => [f, data[i]]));
  for (const f of files) map.addSource(f, { type: 'geojson', data: byName[f] });
  map.addLayer({ id: 'basemap-fill', type: 'fill', source: 'basemap', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#dde6d5' } });
  map.addLayer({ id: 'basemap-line', type: 'line', source: 'basemap', filter: ['==', ['geometry-type'], 'LineString'], paint: { 'line-color': '#ffffff', 'line-width': 2 } });
  map.addLayer({ id: 'grids-fill', type: 'fill', source: 'grids', paint: { 'fill-color': '#4a90d9', 'fill-opacity': 0.15 } });
  map.addLayer({ id: 'grids-outline', type: 'line', source: 'grids', paint: { 'line-color': '#1f5fa8', 'line-width': 2 } });
  map.addLayer({ id: 'microgrids-fill', type: 'fill', source: 'microgrids', paint: { 'fill-color': '#f0a030', 'fill-opacity': 0.2 } });
  map.addLayer({ id: 'community-outline', type: 'line', source: 'community', paint: { 'line-color': '#c0392b', 'line-width': 3 } });
  map.addLayer({ id: 'enterprises', type: 'circle', source: 'enterprises', paint: { 'circle-radius': 4, 'circle-color': '#333333' } });
  const b = bbox(byName.community);
  map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 40, animate: false });
  await new Promise((resolve) => map.once('idle', resolve));
  return { ok: true };
})().catch((error) => ({ ok: false, error: { file: '', message: String(error) } }));

window.__gridsight = { map, ready };
