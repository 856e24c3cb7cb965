import { describe, expect, test } from 'vitest';
import type { Map as MapLibreMap, PaddingOptions } from 'maplibre-gl';
import { fitPadding, mapPadding } from '../../../src/map/fit';

/** Just what fit.ts reads from a map: its container's size and panel width, and the padding it carries. */
function fakeMap(width: number, panel: string | undefined, padding: PaddingOptions): MapLibreMap {
  const container = { clientWidth: width, dataset: panel ? { panelWidth: panel } : {} };
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
});
