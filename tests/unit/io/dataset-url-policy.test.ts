import { describe, expect, it } from 'vitest';
import { admitDatasetUrl, listedDatasetUrls, sameDatasetFolder } from '../../../src/io/dataset-url-policy';

const PAGE = 'https://grid.example.gov.cn/app/index.html?x=1#/analyze';

describe('admitDatasetUrl', () => {
  it.each([
    './data/zhihuiwan-defects/',
    'data/zhihuiwan-defects',
    '/data/other/',
    '/__extra/ds/',
    'https://grid.example.gov.cn/archive/2025/',
    '  ./data/x/  ',
  ])('follows a same-origin folder: %s', (given) => {
    expect(admitDatasetUrl(given, PAGE, [])).toEqual({ ok: true, url: given.trim() });
  });

  it.each([
    ['https://evil.example/fake/', 'https://evil.example'],
    ['http://grid.example.gov.cn/data/x/', 'http://grid.example.gov.cn'], // another scheme is another origin
    ['https://grid.example.gov.cn:8443/data/x/', 'https://grid.example.gov.cn:8443'],
    ['//evil.example/fake/', 'https://evil.example'],
    ['/\\evil.example/fake/', 'https://evil.example'],
    ['https://grid.example.gov.cn@evil.example/', 'https://evil.example'],
  ])('refuses another origin: %s', (given, origin) => {
    expect(admitDatasetUrl(given, PAGE, [])).toEqual({ ok: false, refusal: { given, reason: 'other-origin', origin } });
  });

  it.each(['javascript:alert(1)', 'JavaScript:alert(1)//', 'data:application/json,{}', 'blob:https://grid.example.gov.cn/x', 'file:///etc/'])(
    'refuses a URL that is not http(s): %s',
    (given) => {
      expect(admitDatasetUrl(given, PAGE, [])).toEqual({ ok: false, refusal: { given, reason: 'scheme' } });
    },
  );

  it('refuses what is not a URL at all', () => {
    expect(admitDatasetUrl('http://[', PAGE, [])).toEqual({ ok: false, refusal: { given: 'http://[', reason: 'malformed' } });
  });

  it('follows a dataset on another origin that config.json lists, however it is spelled', () => {
    const listed = ['https://data.example.gov.cn/sets/county/'];
    expect(admitDatasetUrl('https://data.example.gov.cn/sets/county', PAGE, listed).ok).toBe(true);
    expect(admitDatasetUrl('https://data.example.gov.cn/sets/other/', PAGE, listed).ok).toBe(false);
    // A listed javascript: URL is still not a dataset.
    expect(admitDatasetUrl('javascript:alert(1)', PAGE, ['javascript:alert(1)']).ok).toBe(false);
  });
});

describe('sameDatasetFolder and listedDatasetUrls', () => {
  it('compares folders once resolved', () => {
    expect(sameDatasetFolder('./data/x', 'data/x/', PAGE)).toBe(true);
    expect(sameDatasetFolder('./data/x/', '/app/data/x/', PAGE)).toBe(true);
    expect(sameDatasetFolder('./data/x/', './data/y/', PAGE)).toBe(false);
  });
  it('reads the URLs of config.json, skipping bad entries', () => {
    expect(listedDatasetUrls({ datasets: [{ url: './a/' }, { url: 3 }, null, { name: 'x' }, { url: '' }, { url: 'b/' }] })).toEqual(['./a/', 'b/']);
    expect(listedDatasetUrls(null)).toEqual([]);
    expect(listedDatasetUrls({ datasets: 'x' })).toEqual([]);
  });
});
