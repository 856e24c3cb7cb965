import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, parseManifest } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { urlSource } from '../../../src/io/url-source';
import { DatasetError } from '../../../src/io/errors';

function copyMini(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gridsight-'));
  cpSync('tests/fixtures/mini', dir, { recursive: true });
  return dir;
}

describe('loadDataset', () => {
  it('reads a folder', async () => {
    const ds = await loadDataset(folderSource('tests/fixtures/mini'));
    expect(ds.manifest.name).toBe('mini');
    expect(ds.grids?.features).toHaveLength(2);
    expect(ds.members).toHaveLength(5);
    expect(ds.basemap).toBeUndefined();
  });
  it('says which required file is missing and where', async () => {
    const dir = copyMini();
    await expect(loadDataset(folderSource(dir), { require: ['basemap.geojson'] })).rejects.toThrow(
      `basemap.geojson: is required but missing from ${dir}`,
    );
  });
  it('reports a malformed file by name', async () => {
    const dir = copyMini();
    writeFileSync(join(dir, 'grids.geojson'), '{ nope');
    await expect(loadDataset(folderSource(dir))).rejects.toThrow(/^grids\.geojson: is not valid JSON/);
  });
  it('reports a folder that is not there', async () => {
    await expect(loadDataset(folderSource('/nonexistent/x'))).rejects.toThrow(/is not a readable dataset folder \(ENOENT\)/);
  });
  it('requests only the files dataset.json lists over HTTP, and names the URL of a failed one', async () => {
    const asked: string[] = [];
    const fake = (async (url: string) => {
      asked.push(url.replace('http://host/d/', ''));
      if (url.endsWith('dataset.json')) return new Response(JSON.stringify({ name: 'x', files: ['community.geojson', 'grids.geojson'] }));
      return new Response('', { status: 404 });
    }) as unknown as typeof fetch;
    await expect(loadDataset(urlSource('http://host/d', fake))).rejects.toThrow(
      /community\.geojson: was not found at http:\/\/host\/d\/community\.geojson \(HTTP 404\)/,
    );
    expect(asked.sort()).toEqual(['community.geojson', 'dataset.json', 'grids.geojson']);
  });
  it('names the kind of an HTTP failure for the UI to say in its language: 404, a web page instead of data, other statuses, no answer, bad JSON', async () => {
    const reasonOf = async (answer: () => Response | Promise<Response>) => {
      const e = await loadDataset(urlSource('http://host/d', (async () => answer()) as unknown as typeof fetch)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(DatasetError);
      return { message: (e as DatasetError).message, reason: (e as DatasetError).reason };
    };
    expect(await reasonOf(() => new Response('', { status: 404 }))).toEqual({
      message: 'dataset.json: was not found at http://host/d/dataset.json (HTTP 404)',
      reason: { key: 'notFound', params: { url: 'http://host/d/dataset.json' } },
    });
    // A server that answers any path with the app's page (Vite's fallback): not "Unexpected token '<'".
    const page = await reasonOf(() => new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html; charset=utf-8' } }));
    expect(page.reason?.key).toBe('notFound');
    expect(page.message).toMatch(/answered with a web page/);
    expect(await reasonOf(() => new Response('', { status: 503 }))).toMatchObject({ reason: { key: 'http', params: { status: 503 } } });
    expect(await reasonOf(() => Promise.reject(new TypeError('Failed to fetch')))).toMatchObject({
      reason: { key: 'unreachable' },
      message: expect.stringMatching(/could not be fetched from http:\/\/host\/d\/dataset\.json \(Failed to fetch\)/),
    });
    expect(await reasonOf(() => new Response('{ nope', { headers: { 'content-type': 'application/json' } }))).toMatchObject({
      reason: { key: 'invalidJson' },
    });
  });
});

describe('parseManifest', () => {
  it('rejects files outside the contract', () => {
    expect(() => parseManifest('{"name":"x","files":["roads.shp"]}')).toThrow(/"roads\.shp", not files of the data contract/);
  });
});
