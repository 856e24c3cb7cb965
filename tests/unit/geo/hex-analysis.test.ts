import { describe, expect, it } from 'vitest';
import type { Dataset, IncidentFC, EnterpriseFC, CommunityFC } from '../../../src/domain/types';
import { hexAnalysis, hexAnalysisCenter } from '../../../src/geo/hex-analysis';
import { hexCell, hexGrid } from '../../../src/geo/hexbin';

const square = (x0: number, y0: number, d: number) => [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]];
const community = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: square(121, 30.6, 0.01) } }],
} as unknown as CommunityFC;
const point = (lon: number, lat: number, properties: object) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [lon, lat] } });
const enterprises = {
  type: 'FeatureCollection',
  features: [point(121.002, 30.602, { id: 'E1' }), point(121.008, 30.608, { id: 'E2' })],
} as unknown as EnterpriseFC;
const incident = (id: string, lon: number, lat: number, reportedAt: string) =>
  point(lon, lat, { id, category: 'fire', level: 2, status: 'closed', reportedAt, gridCode: 'G' });
const incidents = {
  type: 'FeatureCollection',
  features: [
    incident('A', 121.002, 30.602, '2026-10-03T09:00:00+08:00'),
    incident('B', 121.0021, 30.6021, '2026-10-31T23:30:00+08:00'),
    incident('C', 121.002, 30.602, '2026-11-01T00:10:00+08:00'), // November in CST
    incident('D', 121.008, 30.608, '2026-10-05T09:00:00+08:00'),
    incident('E', 121.03, 30.63, '2026-10-06T09:00:00+08:00'), // outside the community: its cell joins the study area
  ],
} as unknown as IncidentFC;
const dataset = { manifest: {}, community, enterprises, incidents } as unknown as Dataset;

describe('hexAnalysis', () => {
  it('bins the month only, over the study area, with each cell listing its incidents', () => {
    const hex = hexAnalysis(dataset, { month: '2026-10', sizeM: 200 });
    expect(hex.total).toBe(4);
    expect(hex.mode).toBe('expected');
    expect(hex.count.reduce((a, b) => a + b, 0)).toBe(4);
    expect(hex.start[hex.q.length]).toBe(4);
    const grid = hexGrid(200, hexAnalysisCenter(dataset));
    const { q, r } = hexCell(grid, 121.002, 30.602);
    const i = hex.q.findIndex((qq, k) => qq === q && hex.r[k] === r);
    expect(hex.count[i]).toBe(2);
    expect(hex.incidents.slice(hex.start[i], hex.start[i + 1]).map((x) => x.id)).toEqual(['A', 'B']);
    expect(hex.q.length).toBe(hex.z.length);
    expect(hex.q.length).toBeGreaterThan(20); // the community's cells, empty ones included
  });

  it('centres the grid on the community', () => {
    const [lon, lat] = hexAnalysisCenter(dataset);
    expect(lon).toBeCloseTo(121.005, 12);
    expect(lat).toBeCloseTo(30.605, 12);
  });
});
