/**
 * The server's config.json `basemaps` (GS_BASEMAPS): checked at start by the app's own rules and against the
 * Content-Security-Policy's tile origins (GS_TILE_ORIGINS), a wrong file or entry refused naming it, and served as
 * given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../../src/server/app';
import { basemapsFromEnv, checkServerBasemaps } from '../../../src/server/basemaps';
import { TIANDITU_ORIGINS } from '../../../src/server/csp.mjs';
import { testDb } from './harness';

const TDT = { id: 'tdt-vec', type: 'tianditu', layer: 'vec', tk: 'abc123def456' };
const INTRANET = {
  id: 'intranet',
  type: 'xyz',
  name: '政务外网影像',
  url: '/tiles/{z}/{x}/{y}.png',
  maxzoom: 18,
};
const REMOTE = { id: 'remote', type: 'xyz', url: 'https://tiles.example.gov.cn:8443/{z}/{x}/{y}.png' };

describe('checkServerBasemaps', () => {
  it('takes a list, or a config.json object with one, when every entry passes and its origin is allowed', () => {
    expect(checkServerBasemaps([TDT, INTRANET], 'f.json', TIANDITU_ORIGINS)).toEqual([TDT, INTRANET]);
    expect(checkServerBasemaps({ data: './x/', basemaps: [INTRANET] }, 'f.json', [])).toEqual([INTRANET]);
    expect(checkServerBasemaps([REMOTE], 'f.json', ['https://tiles.example.gov.cn:8443'])).toEqual([REMOTE]);
    expect(checkServerBasemaps([], 'f.json', [])).toEqual([]);
  });

  it('refuses what is not a list', () => {
    expect(() => checkServerBasemaps({ basemaps: {} }, 'f.json', [])).toThrow(
      'f.json: must be a list of base maps, or an object with a "basemaps" list (a config.json)',
    );
    expect(() => checkServerBasemaps('x', 'f.json', [])).toThrow(/^f\.json: must be a list/);
  });

  it('refuses a wrong entry by the app’s rules, naming the file, the entry and the field', () => {
    const { tk: _tk, ...noKey } = TDT;
    expect(() => checkServerBasemaps([noKey], 'f.json', TIANDITU_ORIGINS)).toThrow(
      /^f\.json: basemaps tdt-vec: "tk" /,
    );
    const shifted = { id: 'amap', type: 'xyz', url: 'https://webrd01.is.autonavi.com/{z}/{x}/{y}.png' };
    expect(() => checkServerBasemaps([INTRANET, shifted], 'f.json', [])).toThrow(
      /^f\.json: basemaps amap: "url" /,
    );
  });

  it('refuses tiles from an origin GS_TILE_ORIGINS does not list (the browser would block them)', () => {
    expect(() => checkServerBasemaps([TDT], 'f.json', [])).toThrow(
      /^f\.json: basemaps tdt-vec: its tiles come from https:\/\/t0\.tianditu\.gov\.cn, .*which GS_TILE_ORIGINS does not list.*the word tianditu/,
    );
    expect(() => checkServerBasemaps([REMOTE], 'f.json', ['https://tiles.example.gov.cn'])).toThrow(
      /basemaps remote: its tiles come from https:\/\/tiles\.example\.gov\.cn:8443, which GS_TILE_ORIGINS does not list/,
    );
  });
});

describe('basemapsFromEnv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-basemaps-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('is none without GS_BASEMAPS, and the file’s list with it', async () => {
    expect(await basemapsFromEnv({})).toEqual([]);
    const p = file('ok.json', JSON.stringify({ basemaps: [TDT, INTRANET] }));
    expect(await basemapsFromEnv({ GS_BASEMAPS: p, GS_TILE_ORIGINS: 'tianditu' })).toEqual([TDT, INTRANET]);
  });

  it('refuses a missing file, bad JSON, and an entry the policy does not allow, naming the file', async () => {
    const missing = join(dir, 'none.json');
    await expect(basemapsFromEnv({ GS_BASEMAPS: missing })).rejects.toThrow(
      `GS_BASEMAPS: ${missing} cannot be read`,
    );
    const bad = file('bad.json', '[{');
    await expect(basemapsFromEnv({ GS_BASEMAPS: bad })).rejects.toThrow(
      `GS_BASEMAPS: ${bad} is not valid JSON`,
    );
    const tdt = file('tdt.json', JSON.stringify([TDT]));
    await expect(basemapsFromEnv({ GS_BASEMAPS: tdt })).rejects.toThrow(
      `GS_BASEMAPS ${tdt}: basemaps tdt-vec: its tiles come from`,
    );
    await expect(basemapsFromEnv({ GS_BASEMAPS: tdt, GS_TILE_ORIGINS: 'https://*.x' })).rejects.toThrow(
      /GS_TILE_ORIGINS: "https:\/\/\*\.x" is not an origin/,
    );
  });
});

describe('config.json in server mode', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of closers) await c();
  });

  it('lists the base maps given at start, and none by default', async () => {
    const { db, close } = await testDb('pglite');
    closers.push(close);
    for (const [basemaps, expected] of [
      [undefined, []],
      [
        [TDT, INTRANET],
        [TDT, INTRANET],
      ],
    ] as const) {
      const { app } = await buildServer({ db, basemaps });
      closers.unshift(() => app.close());
      const r = await app.inject({ url: '/config.json' });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({
        data: './api/data/current/',
        datasets: [],
        server: true,
        basemaps: expected,
      });
    }
  });
});
