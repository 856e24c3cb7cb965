import { describe, expect, it } from 'vitest';
import { headVersionId, postImport } from '../../../src/io/server-import';
import { ApiError } from '../../../src/io/server-http';
import { json, mockFetch } from './mock-fetch';

const bytes = new TextEncoder().encode('{"type":"FeatureCollection","features":[{"name":"企业"}]}');

describe('headVersionId', () => {
  it('is the first (newest) version GET /api/versions lists', async () => {
    const { fetch } = mockFetch({ 'GET ./api/versions': json(200, [{ id: 4 }, { id: 3 }]) });
    expect(await headVersionId(fetch)).toBe(4);
  });

  it('refuses an empty list', async () => {
    const { fetch } = mockFetch({ 'GET ./api/versions': json(200, []) });
    await expect(headVersionId(fetch)).rejects.toBeInstanceOf(ApiError);
  });
});

describe('postImport', () => {
  it('POSTs the file as UTF-8 text with the base version, and returns the answer', async () => {
    const answer = { version: 5, added: 1, updated: 2, unchanged: 3, removed: 0 };
    const { fetch, calls } = mockFetch({ 'POST ./api/data/import': json(200, answer) });
    expect(await postImport(fetch, { file: 'enterprises.geojson', bytes, baseVersion: 4 })).toEqual(answer);
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(calls[0].body))).toEqual({
      file: 'enterprises.geojson',
      text: '{"type":"FeatureCollection","features":[{"name":"企业"}]}',
      baseVersion: 4,
    });
  });

  it('turns a refusal into ApiError with the status and the server’s line', async () => {
    const { fetch } = mockFetch({
      'POST ./api/data/import': json(409, { error: 'the data changed meanwhile: version 6 is current' }),
    });
    const e = await postImport(fetch, { file: 'enterprises.geojson', bytes, baseVersion: 4 }).catch((x) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 409, message: 'the data changed meanwhile: version 6 is current' });
  });
});
