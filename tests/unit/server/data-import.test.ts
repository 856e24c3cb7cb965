/**
 * POST /api/data/import on each engine: an admin's import of the enterprises file makes the next version (the
 * other files as they were) with its audit row; another role, another file, a bad feature and a stale base are
 * refused, and nothing is written.
 */
import { readFileSync } from 'node:fs';
import type { Feature, Point } from 'geojson';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChangeEvent } from '../../../src/server/events';
import { importCounts } from '../../../src/server/data-import';
import { auditCount, BUNDLED, describeEngine, ENGINES, testServer, type TestServer } from './harness';

type Fc = {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[];
};
const original = readFileSync(`${BUNDLED}/enterprises.geojson`, 'utf8');
const fc = () => JSON.parse(original) as Fc;

/** The bundled enterprises with the first one renamed and one new one: 1 updated, 1 added, the rest unchanged. */
function merged(): { text: string; total: number } {
  const c = fc();
  c.features[0].properties.name = '改名后的企业有限公司';
  c.features.push({
    type: 'Feature',
    properties: {
      id: '91330424TEST00001X',
      name: '新导入企业有限公司',
      scale: 'above',
      industry: '测试',
      employees: 120,
    },
    geometry: { type: 'Point', coordinates: [120.995, 30.611] },
  });
  return { text: JSON.stringify(c), total: c.features.length };
}

it('counts by id, whatever the key order, and refuses a repeated id', () => {
  const at: Point = { type: 'Point', coordinates: [121, 30.6] };
  const a: Feature = { type: 'Feature', properties: { id: 'a', name: 'A' }, geometry: at };
  const b: Feature = { type: 'Feature', properties: { id: 'b', name: 'B' }, geometry: at };
  const b2: Feature = { type: 'Feature', properties: { name: 'B2', id: 'b' }, geometry: at };
  const aReordered: Feature = {
    type: 'Feature',
    geometry: { coordinates: [121, 30.6], type: 'Point' },
    properties: { name: 'A', id: 'a' },
  };
  expect(importCounts([a, b], [aReordered, b2, { ...a, properties: { id: 'c' } }])).toEqual({
    added: 1,
    updated: 1,
    unchanged: 1,
    removed: 0,
  });
  expect(importCounts([a, b], [a])).toEqual({ added: 0, updated: 0, unchanged: 1, removed: 1 });
  expect(() => importCounts([], [a, b, a])).toThrow(/feature 2 \(id "a"\): the id repeats feature 0's/);
});

for (const engine of ENGINES)
  describeEngine(engine)(`data import on ${engine}`, () => {
    let s: TestServer;
    const heard: ChangeEvent[] = [];
    beforeAll(async () => {
      s = await testServer(engine);
      s.bus.listen((e) => heard.push(e));
      // Logged in before the audit rows are counted: a login is an audit row of its own.
      await s.cookie('admin');
    }, 120_000);
    afterAll(async () => s?.close());

    const post = async (who: string, payload: unknown) =>
      s.app.inject({
        method: 'POST',
        url: '/api/data/import',
        payload: payload as object,
        headers: { cookie: await s.cookie(who) },
      });
    const versions = async () =>
      Number((await s.db.query<{ n: string }>('SELECT count(*) AS n FROM dataset_versions')).rows[0].n);
    const file = async (version: string, name: string) =>
      (
        await s.app.inject({
          url: `/api/data/${version}/${name}`,
          headers: { cookie: await s.cookie('admin') },
        })
      ).body;

    it('refuses a role without data.import (403), before reading the body', async () => {
      for (const who of ['planner', 'reviewer', 'analyst', 'grid-worker']) {
        const r = await post(who, { file: 'enterprises.geojson', text: merged().text, baseVersion: 1 });
        expect(r.statusCode, who).toBe(403);
      }
      expect(await versions()).toBe(1);
    });

    it('refuses another file than enterprises.geojson (400) with the reason', async () => {
      const before = await auditCount(s.db);
      const r = await post('admin', {
        file: 'grids.geojson',
        text: await file('current', 'grids.geojson'),
        baseVersion: 1,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatch(
        /^only enterprises\.geojson can be applied; boundaries change through the planner's proposals/,
      );
      expect(await versions()).toBe(1);
      expect(await auditCount(s.db)).toBe(before);
    });

    it('refuses a feature with a bad property (400), naming the file, the feature and the property; writes nothing', async () => {
      const before = await auditCount(s.db);
      const c = fc();
      c.features[3].properties.scale = 'huge';
      const r = await post('admin', { file: 'enterprises.geojson', text: JSON.stringify(c), baseVersion: 1 });
      expect(r.statusCode).toBe(400);
      const error = r.json().error as string;
      expect(error).toMatch(/^enterprises\.geojson: feature 3 \(id [^)]+\): .*scale/);
      expect(await versions()).toBe(1);
      expect(await auditCount(s.db)).toBe(before);
      const notJson = await post('admin', {
        file: 'enterprises.geojson',
        text: '{"type":"FeatureCollection","features":[',
        baseVersion: 1,
      });
      expect(notJson.statusCode).toBe(400);
      expect(notJson.json().error).toMatch(/^enterprises\.geojson/);
    });

    it('applies an admin’s import as the next version: enterprises as sent, the other files as they were, an audit row', async () => {
      const before = await auditCount(s.db);
      const { text, total } = merged();
      const r = await post('admin', { file: 'enterprises.geojson', text, baseVersion: 1 });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({ version: 2, added: 1, updated: 1, unchanged: total - 2, removed: 0 });
      expect(heard).toContainEqual({ kind: 'version', version: 2 });
      expect(await file('current', 'enterprises.geojson')).toBe(text);
      expect(await file('v/1', 'enterprises.geojson')).toBe(original);
      for (const name of [
        'community.geojson',
        'grids.geojson',
        'microgrids.geojson',
        'basemap.geojson',
        'members.json',
        'dataset.json',
      ]) {
        expect(await file('current', name), name).toBe(await file('v/1', name));
      }
      expect(await auditCount(s.db)).toBe(before + 1);
      const audit = (
        await s.app.inject({ url: '/api/audit', headers: { cookie: await s.cookie('admin') } })
      ).json();
      const entries = (Array.isArray(audit) ? audit : audit.entries) as {
        actor: string;
        action: string;
        before: unknown;
        after: unknown;
      }[];
      expect(entries[0]).toMatchObject({
        actor: 'admin',
        action: 'data.import',
        before: { version: 1, file: 'enterprises.geojson' },
        after: {
          version: 2,
          file: 'enterprises.geojson',
          added: 1,
          updated: 1,
          unchanged: total - 2,
          removed: 0,
        },
      });
      const head = (
        await s.app.inject({ url: '/api/versions', headers: { cookie: await s.cookie('admin') } })
      ).json()[0];
      expect(head).toMatchObject({ id: 2, createdBy: 'admin', proposalId: null });
    });

    it('refuses a base that is no longer the head (409): someone changed the data meanwhile', async () => {
      const before = await auditCount(s.db);
      const r = await post('admin', { file: 'enterprises.geojson', text: original, baseVersion: 1 });
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatch(/the data changed meanwhile: version 2 is current/);
      expect(await versions()).toBe(2);
      expect(await auditCount(s.db)).toBe(before);
      // On the head it goes through: the original back, one removed, one changed back.
      const back = await post('admin', { file: 'enterprises.geojson', text: original, baseVersion: 2 });
      expect(back.json()).toMatchObject({ version: 3, added: 0, updated: 1, removed: 1 });
    });
  });
