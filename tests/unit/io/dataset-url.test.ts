import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_DATA_URL, defaultDatasetHref, resolveDataset } from '../../../src/io/dataset-url';

const PAGE = 'https://grid.example.gov.cn/app/';
const CONFIG = {
  data: './data/zhihuiwan/',
  datasets: [
    { name: 'a', url: './data/zhihuiwan/' },
    { name: 'county', url: 'https://data.example.gov.cn/county/' },
  ],
};

/** fetch answering config.json with `config` (or 404 when undefined), recording what was asked. */
function serveConfig(config: unknown) {
  const asked: string[] = [];
  vi.stubGlobal('fetch', async (url: URL | string) => {
    asked.push(String(url));
    return config === undefined ? new Response('', { status: 404 }) : Response.json(config);
  });
  return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('resolveDataset', () => {
  it('follows a same-origin ?data= without waiting for config.json', async () => {
    const asked = serveConfig(CONFIG);
    expect(await resolveDataset('?data=./data/other/', PAGE)).toEqual({ url: './data/other/', refused: null });
    expect(asked).toEqual([]);
  });

  it('follows a ?data= on another origin that config.json lists', async () => {
    serveConfig(CONFIG);
    expect(await resolveDataset('?data=https://data.example.gov.cn/county', PAGE)).toEqual({
      url: 'https://data.example.gov.cn/county',
      refused: null,
    });
  });

  it.each([
    ['https://evil.example/fake/', 'other-origin'],
    ['//evil.example/fake/', 'other-origin'],
    ['javascript:alert(1)', 'scheme'],
    ['data:application/json,{}', 'scheme'],
  ])('refuses ?data=%s, falls back to the default and says why', async (given, reason) => {
    serveConfig(CONFIG);
    const choice = await resolveDataset(`?data=${encodeURIComponent(given)}`, PAGE);
    expect(choice.url).toBe('./data/zhihuiwan/');
    expect(choice.refused).toMatchObject({ given, reason });
  });

  it('without ?data=: config.json, else the bundled dataset', async () => {
    serveConfig({ data: './data/x/' });
    expect(await resolveDataset('', PAGE)).toEqual({ url: './data/x/', refused: null });
    serveConfig(undefined);
    expect(await resolveDataset('', PAGE)).toEqual({ url: DEFAULT_DATA_URL, refused: null });
    serveConfig(undefined);
    expect((await resolveDataset('?data=https://evil.example/', PAGE)).url).toBe(DEFAULT_DATA_URL);
  });
});

describe('defaultDatasetHref', () => {
  it('drops ?data= and keeps the rest of the address; nothing to offer when no dataset was named', () => {
    expect(defaultDatasetHref({ pathname: '/app/', search: '?data=x%2F&lang=en', hash: '#/wall' })).toBe('/app/?lang=en#/wall');
    expect(defaultDatasetHref({ pathname: '/', search: '?data=./data/y/', hash: '' })).toBe('/');
    expect(defaultDatasetHref({ pathname: '/', search: '?lang=en', hash: '#/' })).toBe('');
  });
});
