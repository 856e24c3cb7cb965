import { describe, expect, it } from 'vitest';
import { datasetStats } from '../../../src/geo/dataset-stats';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';

// The bundled community: twelve months of patrols (2025-12 … 2026-11), and the generator leaves some grids
// under-patrolled. A sanity check of the per-grid numbers over every month, not hand-worked values.
describe('stats per grid on data/zhihuiwan', () => {
  it('finds the under-patrolled grids and keeps every rate in [0, 1] or null', async () => {
    const ds = await loadDataset(folderSource('data/zhihuiwan'), { skip: ['basemap.geojson'] });
    const months = [
      '2025-12',
      ...Array.from({ length: 11 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`),
    ];
    let lowCoverage = 0;
    let noLeader = 0;
    for (const month of months) {
      const s = datasetStats(ds, { now: 0, month });
      expect(s.grids).toHaveLength(11);
      expect(s.totals.patrol.tracksInMonth).toBeGreaterThan(0);
      let incidents = 0;
      for (const g of s.grids) {
        const rates = [g.closureRate, g.onTimeRate, g.patrol.enterpriseCoverage, g.patrol.areaCoverage];
        for (const r of rates) if (r !== null) expect(r >= 0 && r <= 1, `${month} ${g.code} ${r}`).toBe(true);
        // Every grid has enterprises and area, so coverage is never "nothing to count".
        expect(g.patrol.enterpriseCoverage).not.toBeNull();
        expect(g.patrol.areaCoverage).not.toBeNull();
        expect(g.incidents.total).toBe(Object.values(g.incidents.byLevel).reduce((a, b) => a + b, 0));
        expect(g.incidents.total).toBe(Object.values(g.incidents.byCategory).reduce((a, b) => a + b, 0));
        if (g.patrol.enterpriseCoverage! < 0.95) lowCoverage++;
        if (!g.patrol.leaderPatrolled) noLeader++;
        incidents += g.incidents.total;
      }
      // Incidents naming a revoked grid would count only in the totals; the bundled data has none.
      expect(incidents).toBe(s.totals.incidents.month.total);
      for (const r of [s.totals.patrol.enterpriseCoverage, s.totals.patrol.areaCoverage])
        expect(r! >= 0 && r! <= 1).toBe(true);
    }
    expect(lowCoverage).toBeGreaterThan(0);
    expect(noLeader).toBeGreaterThan(0);
  });
});
