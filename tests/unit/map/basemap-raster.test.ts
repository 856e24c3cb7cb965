import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Map as MapLibreMap } from 'maplibre-gl';
import { parseBasemapConfig } from '../../../src/io/basemap-config';
import {
  hostOf,
  rasterBasemapSpecs,
  watchTileFailure,
  type TileFailure,
} from '../../../src/map/basemap-raster';

/** Just the events watchTileFailure listens to. */
function fakeMap() {
  const handlers = new Map<string, Set<(e: unknown) => void>>();
  const m = {
    on: (type: string, fn: (e: unknown) => void) =>
      void (handlers.get(type) ?? handlers.set(type, new Set()).get(type)!).add(fn),
    off: (type: string, fn: (e: unknown) => void) => void handlers.get(type)?.delete(fn),
    fire: (type: string, e: unknown = {}) => [...(handlers.get(type) ?? [])].forEach((fn) => fn(e)),
    listening: () => [...handlers.values()].reduce((n, s) => n + s.size, 0),
  };
  return m;
}
const asked = (sourceId: string) => ({ sourceId, tile: { state: 'loading' } });
const loaded = (sourceId: string) => ({ sourceId, tile: { state: 'loaded' } });

describe('watchTileFailure', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  const watch = (m: ReturnType<typeof fakeMap>, options: { errors?: number; timeoutMs?: number } = {}) => {
    const failures: TileFailure[] = [];
    const stop = watchTileFailure(m as unknown as MapLibreMap, ['basemap-raster'], (f) => failures.push(f), {
      host: 'tiles.example',
      ...options,
    });
    return { failures, stop };
  };

  it('idle with tiles asked for and none loaded (404s fire no error): failed, once, and it stops listening', () => {
    const m = fakeMap();
    const { failures } = watch(m);
    m.fire('idle'); // nothing asked yet: not a failure
    m.fire('sourcedataloading', asked('basemap-raster'));
    m.fire('sourcedataloading', asked('community'));
    m.fire('idle');
    m.fire('idle');
    expect(failures).toEqual([{ reason: 'tiles', host: 'tiles.example' }]);
    expect(m.listening()).toBe(0);
  });

  it('three errors before any tile: failed, naming the host of the failing URL, never its query', () => {
    const m = fakeMap();
    const { failures } = watch(m);
    const error = {
      sourceId: 'basemap-raster',
      error: { url: 'https://t3.tianditu.gov.cn/vec_w/wmts?tk=SECRET' },
    };
    m.fire('error', error);
    m.fire('error', { sourceId: 'grids', error: {} });
    m.fire('error', error);
    expect(failures).toEqual([]);
    m.fire('error', error);
    expect(failures).toEqual([{ reason: 'tiles', host: 't3.tianditu.gov.cn' }]);
  });

  it('once a tile has loaded, later errors and idles are not a failure; no answer at all times out', () => {
    const m = fakeMap();
    const { failures, stop } = watch(m);
    m.fire('sourcedataloading', asked('basemap-raster'));
    m.fire('sourcedata', loaded('basemap-raster'));
    for (let i = 0; i < 5; i++) m.fire('error', { sourceId: 'basemap-raster', error: {} });
    m.fire('idle');
    vi.advanceTimersByTime(60_000);
    expect(failures).toEqual([]);
    stop();

    const hanging = fakeMap();
    const slow = watch(hanging, { timeoutMs: 1000 });
    vi.advanceTimersByTime(5000); // nothing asked (a hidden base map): no clock
    hanging.fire('sourcedataloading', asked('basemap-raster'));
    vi.advanceTimersByTime(999);
    expect(slow.failures).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(slow.failures).toEqual([{ reason: 'timeout', host: 'tiles.example' }]);
  });
});

describe('rasterBasemapSpecs', () => {
  it('天地图: the tiles then the annotations, no source attribution (it would be HTML)', () => {
    const [entry] = parseBasemapConfig(
      [{ id: 't', type: 'tianditu', layer: 'img', tk: 'abc' }],
      'https://gs.example/',
    ).basemaps;
    const { sources, layers } = rasterBasemapSpecs(entry);
    expect(Object.keys(sources)).toEqual(['basemap-raster', 'basemap-raster-labels']);
    expect(sources['basemap-raster']).toMatchObject({
      type: 'raster',
      tileSize: 256,
      maxzoom: 18,
      scheme: 'xyz',
    });
    expect(sources['basemap-raster']).not.toHaveProperty('attribution');
    expect(layers.map((l) => [l.id, l.labels])).toEqual([
      ['basemap-raster', false],
      ['basemap-raster-labels', true],
    ]);
  });

  it('hostOf keeps the host only', () => {
    expect(hostOf('https://t0.tianditu.gov.cn/x?tk=1')).toBe('t0.tianditu.gov.cn');
    expect(hostOf('http://10.0.0.1:8080/a')).toBe('10.0.0.1:8080');
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf(undefined)).toBeNull();
  });
});
