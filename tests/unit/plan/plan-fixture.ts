import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import type { Areal, Dataset, GridFeature } from '../../../src/domain/types';
import { geosArea, problemProjection, projectAreal, toGeos, type Geos } from '../../reference/geos';
import type { LonLat } from '../../../src/domain/plan/types';

/** The community dataset without the files a plan never reads. */
export function loadZhihuiwan(): Promise<Dataset> {
  return loadDataset(folderSource('data/zhihuiwan'), { skip: ['incidents.geojson', 'incidents.csv', 'patrols.geojson', 'basemap.geojson'] });
}

/** GEOS area in one projection (that of the dataset's first community), so pieces and wholes compare. */
export function communityArea(geos: Geos, dataset: Dataset, g: Areal): number {
  const proj = problemProjection(dataset.community!.features[0].geometry);
  const ptr = toGeos(geos, projectAreal(g, proj));
  const a = geosArea(geos, ptr);
  geos.GEOSGeom_destroy(ptr);
  return a;
}

export const WHO = { who: '测试', at: '2026-11-21T09:00:00+08:00' };

/** Vertices of the grids' outer rings with how many grids use each. */
export function gridVertexUse(grids: GridFeature[]): Map<string, { at: LonLat; codes: string[] }> {
  const out = new Map<string, { at: LonLat; codes: string[] }>();
  for (const g of grids) {
    const polys = g.geometry.type === 'Polygon' ? [g.geometry.coordinates] : g.geometry.coordinates;
    const seen = new Set<string>();
    for (const poly of polys) {
      for (const ring of poly) {
        for (const q of ring) {
          const k = `${q[0]},${q[1]}`;
          if (seen.has(k)) continue;
          seen.add(k);
          const e = out.get(k) ?? out.set(k, { at: [q[0], q[1]], codes: [] }).get(k)!;
          e.codes.push(g.properties.code);
        }
      }
    }
  }
  return out;
}

/** Vertices shared by exactly two grids and not on a community's boundary (those are fixed). */
export function innerSharedVertices(grids: GridFeature[], dataset: Dataset): { at: LonLat; codes: string[] }[] {
  const fixed = new Set<string>();
  for (const c of dataset.community!.features) {
    const polys = c.geometry.type === 'Polygon' ? [c.geometry.coordinates] : c.geometry.coordinates;
    for (const poly of polys) for (const ring of poly) for (const q of ring) fixed.add(`${q[0]},${q[1]}`);
  }
  return [...gridVertexUse(grids).entries()].filter(([k, v]) => v.codes.length === 2 && !fixed.has(k)).map(([, v]) => v);
}
