/**
 * GeoJSON for the areal and point layers of the model. All coordinates go through the warp's single rounding;
 * community and grid rings are chained from shared lattice edges (rings.ts), micro-grids are parcel rectangles.
 */
import type { Feature, Point, Polygon } from 'geojson';
import type {
  CommunityFC,
  CommunityProps,
  EnterpriseFC,
  EnterpriseProps,
  GridFC,
  GridProps,
  MicroGridFC,
  MicroGridProps,
} from '../../domain/types';
import type { Model } from './model';
import { type EdgeGeometry, regionRing } from './rings';
import { type DesignToLonLat, rectRing } from './warp';
import { COUNTY_NAME } from './towns';

/** Densification step for parcel-sized rings (m). */
const STEP = 25;

/** @example communityFC(model, edges, '2026-11-20T17:00:00+08:00').features.length === 1 */
export function communityFC(model: Model, edges: EdgeGeometry, asOf: string): CommunityFC {
  return {
    type: 'FeatureCollection',
    features: model.communities.map((c): Feature<Polygon, CommunityProps> => ({
      type: 'Feature',
      properties: { code: c.code, name: c.name, town: c.town.name, county: COUNTY_NAME, asOf, synthetic: true },
      geometry: { type: 'Polygon', coordinates: [edges.ring(regionRing(model.layout.L, c.cells))] },
    })),
  };
}

/** @example gridFC(model, edges, '2025-01-01').features[0].properties.code.length === 15 */
export function gridFC(model: Model, edges: EdgeGeometry, validFrom: string): GridFC {
  return {
    type: 'FeatureCollection',
    features: model.grids.map((g): Feature<Polygon, GridProps> => ({
      type: 'Feature',
      properties: {
        code: g.code,
        name: g.name,
        communityCode: model.communities[g.community].code,
        parentCodes: [],
        validFrom,
        validTo: null,
      },
      geometry: { type: 'Polygon', coordinates: [edges.ring(regionRing(model.layout.L, g.cells))] },
    })),
  };
}

/** @example microGridFC(model, toMap, '2025-01-01').features[0].properties.code.length === 18 */
export function microGridFC(model: Model, toMap: DesignToLonLat, validFrom: string): MicroGridFC {
  return {
    type: 'FeatureCollection',
    features: model.micros.map((m): Feature<Polygon, MicroGridProps> => ({
      type: 'Feature',
      properties: {
        code: m.code,
        gridCode: model.grids[m.grid].code,
        name: m.name,
        kind: m.kind,
        parentCodes: [],
        validFrom,
        validTo: null,
      },
      geometry: { type: 'Polygon', coordinates: [rectRing(toMap, model.parcels[m.parcel].rect, STEP)] },
    })),
  };
}

/** @example enterpriseFC(model, toMap).features.every((f) => f.properties.id.length === 18) */
export function enterpriseFC(model: Model, toMap: DesignToLonLat): EnterpriseFC {
  return {
    type: 'FeatureCollection',
    features: model.firms.map((f): Feature<Point, EnterpriseProps> => ({
      type: 'Feature',
      properties: {
        id: f.id,
        name: f.name,
        scale: f.scale,
        industry: f.industry,
        employees: f.employees,
        gridCode: model.grids[f.grid].code,
        microGridCode: model.micros[f.micro].code,
      },
      geometry: { type: 'Point', coordinates: toMap(f.x, f.y) },
    })),
  };
}
