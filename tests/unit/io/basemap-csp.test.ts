import { describe, expect, it } from 'vitest';
import { cspAllows, cspSources, refusedOrigins } from '../../../src/io/basemap-csp';
import { contentSecurityPolicy, parseTileOrigins, tileOriginsFromEnv } from '../../../src/server/csp.mjs';

describe('the page’s Content-Security-Policy and tile origins', () => {
  const meta = contentSecurityPolicy({ meta: true, tileOrigins: [] });
  const PAGE_ORIGIN = 'https://grid.example.gov.cn/app/';

  it('the default policy lets same-origin tiles in and refuses every other origin', () => {
    expect(cspAllows(meta, 'https://grid.example.gov.cn/tiles/1/2/3.png', PAGE_ORIGIN)).toBe(true);
    expect(
      refusedOrigins(meta, ['https://t0.tianditu.gov.cn', 'https://grid.example.gov.cn'], PAGE_ORIGIN),
    ).toEqual(['https://t0.tianditu.gov.cn']);
  });

  it('GS_TILE_ORIGINS joins img-src and connect-src: `tianditu` stands for t0…t7, origins as written', () => {
    const origins = parseTileOrigins(' tianditu,http://10.1.2.3:8080/  HTTPS://Tiles.Example.gov.cn ');
    expect(origins).toEqual([
      ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `https://t${i}.tianditu.gov.cn`),
      'http://10.1.2.3:8080',
      'https://tiles.example.gov.cn',
    ]);
    const policy = contentSecurityPolicy({ meta: true, tileOrigins: origins });
    expect(cspSources(policy, 'img-src')).toEqual(["'self'", 'data:', 'blob:', ...origins]);
    expect(cspSources(policy, 'connect-src')).toEqual(["'self'", ...origins]);
    expect(
      refusedOrigins(
        policy,
        ['https://t5.tianditu.gov.cn', 'http://10.1.2.3:8080', 'http://10.1.2.3:9090'],
        PAGE_ORIGIN,
      ),
    ).toEqual(['http://10.1.2.3:9090']);
  });

  it('GS_TILE_ORIGINS refuses anything but http(s)://host[:port] and the word tianditu', () => {
    for (const bad of [
      'https://*.tianditu.gov.cn',
      'https://a.example/path',
      "'unsafe-inline'",
      'data:',
      'ftp://a.example',
      'https://a.example:99999',
      'a.example',
    ]) {
      expect(() => parseTileOrigins(bad)).toThrow(/GS_TILE_ORIGINS: ".*" is not an origin/);
    }
    expect(parseTileOrigins(undefined)).toEqual([]);
    expect(tileOriginsFromEnv({})).toEqual([]);
    expect(tileOriginsFromEnv({ GS_TILE_ORIGINS: 'tianditu' })).toHaveLength(8);
  });

  it('unset, the policy is exactly what it was: nothing outside the page’s origin', () => {
    expect(contentSecurityPolicy({ tileOrigins: [] })).toBe(
      "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('matches CSP sources as browsers do: schemes, wildcards, ports, default-src', () => {
    const page = 'http://127.0.0.1:4000/';
    expect(cspAllows("default-src 'self'", 'http://127.0.0.1:4000/t/1.png', page)).toBe(true);
    expect(cspAllows("default-src 'self'", 'http://127.0.0.1:4001/t/1.png', page)).toBe(false);
    expect(cspAllows('img-src https:; connect-src https:', 'https://a.example/x', page)).toBe(true);
    expect(cspAllows('img-src *.example.cn; connect-src *', 'http://t.example.cn/x', page)).toBe(true);
    expect(cspAllows('img-src *.example.cn; connect-src *', 'http://example.cn/x', page)).toBe(false);
    expect(
      cspAllows('img-src http://a.example:*; connect-src http://a.example:*', 'http://a.example:81/', page),
    ).toBe(true);
    expect(
      cspAllows(
        'img-src a.example/tiles/; connect-src a.example/tiles/',
        'http://a.example/tiles/1.png',
        page,
      ),
    ).toBe(true);
    expect(
      cspAllows(
        'img-src a.example/tiles/; connect-src a.example/tiles/',
        'http://a.example/other/1.png',
        page,
      ),
    ).toBe(false);
    expect(cspAllows("script-src 'self'", 'https://anything.example/', page)).toBe(true);
  });
});
