import { describe, expect, test } from 'vitest';
import type { Map as MapLibreMap, PaddingOptions } from 'maplibre-gl';
import { fitPadding, mapPadding } from '../../../src/map/fit';

/**
 * Just what fit.ts reads from a map: its container's size, place and panel width, the padding it carries, and the
 * floating cards on its left (`data-map-inset="left"`), given by their right edges in page pixels.
 */
function fakeMap(width: number, panel: string | undefined, padding: PaddingOptions, cards: number[] = [], left = 0): MapLibreMap {
  const rect = (l: number, r: number) => ({ left: l, right: r, width: r - l });
  const screen = { querySelectorAll: () => cards.map((right) => ({ getBoundingClientRect: () => rect(left + 12, right) })) };
  const container = {
    clientWidth: width,
    dataset: panel ? { panelWidth: panel } : {},
    closest: () => screen,
    parentElement: screen,
    getBoundingClientRect: () => rect(left, left + width),
  };
  return { getContainer: () => container, getPadding: () => padding } as unknown as MapLibreMap;
}

const NONE = { top: 0, bottom: 0, left: 0, right: 0 };

describe('fitPadding', () => {
  test('a map without padding gets the whole room for the panel', () => {
    const m = fakeMap(1600, '560', NONE);
    expect(fitPadding(m)).toEqual({ top: 48, bottom: 48, left: 64, right: 584 });
    expect(fitPadding(m)).toEqual(mapPadding(m));
  });

  test('padding the map already carries (left by an enterprise easeTo) is not added twice', () => {
    const m = fakeMap(1600, '560', { top: 48, bottom: 48, left: 64, right: 584 });
    expect(fitPadding(m)).toEqual(NONE);
  });

  test('only the missing part is passed, never a negative one', () => {
    const m = fakeMap(1600, undefined, { top: 10, bottom: 100, left: 0, right: 200 });
    expect(fitPadding(m)).toEqual({ top: 38, bottom: 0, left: 64, right: 204 });
  });

  test('the cards on the map’s left are kept clear: the padding reaches past the widest, measured from the map’s edge', () => {
    expect(mapPadding(fakeMap(1366, undefined, NONE, [218, 150])).left).toBe(234);
    // The map starting 100 px into the page: the same cards, 100 px further right, give the same padding.
    expect(mapPadding(fakeMap(1366, undefined, NONE, [318, 250], 100)).left).toBe(234);
    // A card over half the map (a narrow window) is not kept clear of; nor is anything on a phone-width map.
    expect(mapPadding(fakeMap(1000, undefined, NONE, [700])).left).toBe(64);
    expect(mapPadding(fakeMap(800, undefined, NONE, [218])).left).toBe(64);
  });
});
