/**
 * POST /api/data/import on each engine: an admin's import of the enterprises file makes the next version (the
 * other files as they were) with its audit row; incidents merge by id into the incidents table (no new version),
 * each new or changed one with a history step; another role, another file, a bad feature and a stale base are
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

    it('refuses another file than enterprises.geojson or incidents.geojson (400) with the reason', async () => {
      const before = await auditCount(s.db);
      const r = await post('admin', {
        file: 'grids.geojson',
        text: await file('current', 'grids.geojson'),
        baseVersion: 1,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatch(
        /^only enterprises\.geojson and incidents\.geojson can be applied; boundaries change through the planner's proposals/,
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

const incidentsOriginal = readFileSync(`${BUNDLED}/incidents.geojson`, 'utf8');
const incidentsFc = () => JSON.parse(incidentsOriginal) as Fc;
const incidentsText = (features: Fc['features']) => JSON.stringify({ type: 'FeatureCollection', features });
/** A new incident, not in the bundled data. */
const newIncident = (): Fc['features'][number] => ({
  type: 'Feature',
  properties: {
    id: 'SJ9000001',
    category: 'safety',
    level: 3,
    status: 'reported',
    reportedAt: '2026-03-01T09:05:00+08:00',
    gridCode: '330424002012001',
    title: '导入的事件',
  },
  geometry: { type: 'Point', coordinates: [120.995, 30.611] },
});

for (const engine of ENGINES)
  describeEngine(engine)(`incidents import on ${engine}`, () => {
    let s: TestServer;
    const heard: ChangeEvent[] = [];
    beforeAll(async () => {
      s = await testServer(engine);
      s.bus.listen((e) => heard.push(e));
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
    const count = async (sql: string) => Number((await s.db.query<{ n: string }>(sql)).rows[0].n);
    /** What a refusal must leave as it was: versions, incidents, their history, their revision, the audit log. */
    const state = async () => ({
      versions: await count('SELECT count(*) AS n FROM dataset_versions'),
      incidents: await count('SELECT count(*) AS n FROM incidents'),
      events: await count('SELECT count(*) AS n FROM incident_events'),
      revision: await count("SELECT value AS n FROM revisions WHERE kind = 'incidents'"),
      audit: await auditCount(s.db),
    });
    const get = async (url: string) => s.app.inject({ url, headers: { cookie: await s.cookie('admin') } });

    it('refuses a bad incident (400) naming the file, the feature and the property; writes nothing', async () => {
      const before = await state();
      const c = incidentsFc();
      c.features[2].properties.level = 9;
      const r = await post('admin', {
        file: 'incidents.geojson',
        text: incidentsText(c.features),
        baseVersion: 1,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().error).toMatch(/^incidents\.geojson: feature 2 \(id SJ0000003\): .*level/);
      const repeated = await post('admin', {
        file: 'incidents.geojson',
        text: incidentsText([newIncident(), c.features[0], newIncident()]),
        baseVersion: 1,
      });
      expect(repeated.statusCode).toBe(400);
      expect(repeated.json().error).toBe(
        `incidents.geojson: feature 2 (id "SJ9000001"): the id repeats feature 0's: ids must be unique`,
      );
      const empty = await post('admin', {
        file: 'incidents.geojson',
        text: incidentsText([]),
        baseVersion: 1,
      });
      expect(empty.statusCode).toBe(400);
      expect(empty.json().error).toBe('incidents.geojson has no features: nothing to merge');
      expect(await state()).toEqual(before);
    });

    it('refuses incidents.csv and incidents.bin with what to send instead', async () => {
      const before = await state();
      for (const file of ['incidents.csv', 'incidents.bin']) {
        const r = await post('admin', { file, text: 'id,lon,lat\n', baseVersion: 1 });
        expect(r.statusCode, file).toBe(400);
        expect(r.json().error).toMatch(
          new RegExp(
            `^${file.replace('.', '\\.')} cannot be applied: the server keeps incidents as GeoJSON .*send incidents\\.geojson$`,
          ),
        );
      }
      expect(await state()).toEqual(before);
    });

    it('refuses a grid worker (403): writing incidents is not importing them', async () => {
      const r = await post('grid-worker', {
        file: 'incidents.geojson',
        text: incidentsText([newIncident()]),
        baseVersion: 1,
      });
      expect(r.statusCode).toBe(403);
    });

    it('merges by id: one added, one updated with a history step and its old form in the audit, the rest as they were', async () => {
      const before = await state();
      const c = incidentsFc();
      const oldTitle = c.features[1].properties.title;
      c.features[1].properties.title = '导入后改过的标题';
      // The same incident with its keys in another order counts as unchanged.
      const same = c.features[0];
      const reordered = { geometry: same.geometry, properties: same.properties, type: 'Feature' as const };
      const sent = [reordered, c.features[1], newIncident()];
      const r = await post('admin', { file: 'incidents.geojson', text: incidentsText(sent), baseVersion: 1 });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toEqual({
        version: 1,
        added: 1,
        updated: 1,
        unchanged: 1,
        removed: 0,
        revision: before.revision + 1,
      });
      expect(await state()).toEqual({
        ...before,
        incidents: before.incidents + 1,
        events: before.events + 2,
        revision: before.revision + 1,
        audit: before.audit + 1,
      });
      await expect.poll(() => heard).toContainEqual({ kind: 'incidents', revision: before.revision + 1 });
      expect(heard.some((e) => e.kind === 'version')).toBe(false);

      const file = (await get('/api/data/current/incidents.geojson')).json() as Fc;
      expect(file.features).toHaveLength(before.incidents + 1);
      const byId = new Map(file.features.map((f) => [f.properties.id, f]));
      expect(byId.get('SJ0000002')?.properties.title).toBe('导入后改过的标题');
      expect(byId.get('SJ9000001')).toEqual(newIncident());
      expect(byId.get('SJ0000001')).toEqual(incidentsFc().features[0]);

      const updated = (await get('/api/incidents/SJ0000002')).json();
      expect(updated.history.at(-1)).toMatchObject({
        action: 'import',
        from: 'closed',
        to: 'closed',
        by: 'admin',
      });
      const added = (await get('/api/incidents/SJ9000001')).json();
      expect(added.history).toEqual([
        expect.objectContaining({ action: 'import', from: null, to: 'reported', by: 'admin' }),
      ]);

      const audit = (await get('/api/audit')).json();
      const entries = (Array.isArray(audit) ? audit : audit.entries) as {
        action: string;
        before: { version: number; file: string; replaced: Fc['features'] };
        after: unknown;
      }[];
      expect(entries[0]).toMatchObject({
        action: 'data.import',
        before: { version: 1, file: 'incidents.geojson' },
        after: { version: 1, file: 'incidents.geojson', added: 1, updated: 1, unchanged: 1, removed: 0 },
      });
      expect(entries[0].before.replaced.map((f) => [f.properties.id, f.properties.title])).toEqual([
        ['SJ0000002', oldTitle],
      ]);

      // The same file again changes nothing: no write, no new revision, one audit row.
      const again = await post('admin', {
        file: 'incidents.geojson',
        text: incidentsText(sent),
        baseVersion: 1,
      });
      expect(again.json()).toEqual({ version: 1, added: 0, updated: 0, unchanged: 3, removed: 0 });
      const after = await state();
      expect(after).toEqual({
        ...before,
        incidents: before.incidents + 1,
        events: before.events + 2,
        revision: before.revision + 1,
        audit: before.audit + 2,
      });
    });

    it('refuses a base that is no longer the head (409), writing nothing', async () => {
      // Another admin's enterprises import lands first: version 2.
      const moved = await post('admin', { file: 'enterprises.geojson', text: merged().text, baseVersion: 1 });
      expect(moved.json()).toMatchObject({ version: 2 });
      const before = await state();
      const c = incidentsFc();
      c.features[5].properties.title = '不会写入';
      const r = await post('admin', {
        file: 'incidents.geojson',
        text: incidentsText([c.features[5]]),
        baseVersion: 1,
      });
      expect(r.statusCode).toBe(409);
      expect(r.json().error).toMatch(
        /the data changed meanwhile: version 2 is current, the import was previewed on version 1/,
      );
      expect(await state()).toEqual(before);
    });
  });
