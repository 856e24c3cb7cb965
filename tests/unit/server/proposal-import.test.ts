/**
 * An imported boundary file as a proposal (issue 15): the planner's import-boundaries step travels in the proposal
 * zip like any operation, the server reads it with the same checks, and approval makes the file's grids the next
 * version, with the retired ones kept as history.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import union from '@turf/union';
import type { FeatureCollection } from 'geojson';
import type { Areal, GridProps } from '../../../src/domain/types';
import type { PlanOp } from '../../../src/domain/plan/types';
import { BUNDLED, describeEngine, ENGINES, proposalZip, testServer, type TestServer } from './harness';

const grids = (
  JSON.parse(readFileSync(`${BUNDLED}/grids.geojson`, 'utf8')) as FeatureCollection<Areal, GridProps>
).features;
const [g1, g2] = grids;
const MERGED = '330424002012050';
const importOp: PlanOp = {
  op: 'import-boundaries',
  layer: 'grid',
  source: '网格调整.zip',
  units: [
    {
      code: MERGED,
      name: '合并网格',
      geometry: union({ type: 'FeatureCollection', features: [g1, g2] })!.geometry,
    },
    ...grids
      .slice(2)
      .map((g) => ({ code: g.properties.code, name: g.properties.name, geometry: g.geometry })),
  ],
};

for (const engine of ENGINES)
  describeEngine(engine)(`an imported boundary file as a proposal, on ${engine}`, () => {
    let s: TestServer;
    beforeAll(async () => {
      s = await testServer(engine);
    }, 120_000);
    afterAll(async () => s?.close());

    it('is submitted, approved, and becomes the next version with its history', async () => {
      const zip = await proposalZip('p-import', [importOp]);
      const submitted = await s.app.inject({
        method: 'POST',
        url: '/api/proposals',
        payload: Buffer.from(zip),
        headers: { 'content-type': 'application/zip', cookie: await s.cookie('planner') },
      });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const decided = await s.app.inject({
        method: 'POST',
        url: '/api/proposals/p-import/decision',
        payload: { decision: 'approved', comment: '同意' },
        headers: { cookie: await s.cookie('reviewer') },
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const now = (
        await s.app.inject({
          url: '/api/data/current/grids.geojson',
          headers: { cookie: await s.cookie('wall') },
        })
      ).json() as FeatureCollection<Areal, GridProps>;
      const live = now.features.filter((f) => !f.properties.validTo).map((f) => f.properties.code);
      expect(live).toContain(MERGED);
      expect(live).not.toContain(g1.properties.code);
      const retired = now.features.find((f) => f.properties.code === g1.properties.code)!;
      expect(retired.properties.validTo).toBeTruthy();
      expect(now.features.find((f) => f.properties.code === MERGED)!.properties.parentCodes).toEqual([
        g1.properties.code,
        g2.properties.code,
      ]);
    });
  });
