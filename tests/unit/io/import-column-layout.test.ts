import { describe, expect, test } from 'vitest';
import {
  MAX_REMEMBERED,
  columnLayoutKey,
  parseRemembered,
  recallMapping,
  rememberMapping,
} from '../../../src/io/import/column-layout';

const COLUMNS = ['企业名称', 'X坐标', 'Y坐标', '规模'];

describe('column mappings remembered per file layout', () => {
  test('the same columns in another order, case, width or spacing are the same layout', () => {
    const key = columnLayoutKey('enterprises', COLUMNS);
    expect(columnLayoutKey('enterprises', ['规模', ' y坐标', 'Ｘ坐标', '企业名称'])).toBe(key);
    expect(columnLayoutKey('incidents', COLUMNS)).not.toBe(key);
    expect(columnLayoutKey('enterprises', [...COLUMNS, '备注'])).not.toBe(key);
    expect(columnLayoutKey('enterprises', COLUMNS.slice(1))).not.toBe(key);
    // No separator trick makes two layouts one: ['a,b'] is not ['a', 'b'].
    expect(columnLayoutKey('enterprises', ['a,b'])).not.toBe(columnLayoutKey('enterprises', ['a', 'b']));
  });

  test('a remembered mapping comes back for the same layout, in the new file’s spelling', () => {
    const list = rememberMapping([], 'enterprises', COLUMNS, { lon: 'X坐标', lat: 'Y坐标' }, 1);
    expect(recallMapping(list, 'enterprises', ['规模', 'y坐标', 'x坐标', '企业名称'])).toEqual({
      lon: 'x坐标',
      lat: 'y坐标',
    });
    expect(recallMapping(list, 'enterprises', [...COLUMNS, '备注'])).toBeNull();
    expect(recallMapping(list, 'incidents', COLUMNS)).toBeNull();
  });

  test('the newest use goes first, one entry per layout, at most MAX_REMEMBERED', () => {
    let list = rememberMapping([], 'enterprises', COLUMNS, { lon: 'X坐标' }, 1);
    list = rememberMapping(list, 'enterprises', ['a', 'b'], { name: 'a' }, 2);
    list = rememberMapping(list, 'enterprises', COLUMNS, { lon: 'Y坐标' }, 3);
    expect(list.map((e) => e.at)).toEqual([3, 2]);
    expect(recallMapping(list, 'enterprises', COLUMNS)).toEqual({ lon: 'Y坐标' });
    for (let i = 0; i < MAX_REMEMBERED + 5; i++)
      list = rememberMapping(list, 'grids', [`c${i}`], { code: `c${i}` }, 10 + i);
    expect(list).toHaveLength(MAX_REMEMBERED);
    expect(recallMapping(list, 'enterprises', COLUMNS)).toBeNull();
  });

  test('an empty mapping forgets the layout; unset columns are not remembered', () => {
    let list = rememberMapping([], 'enterprises', COLUMNS, { lon: 'X坐标', lat: '' }, 1);
    expect(list[0].mapping).toEqual({ lon: 'X坐标' });
    list = rememberMapping(list, 'enterprises', COLUMNS, {}, 2);
    expect(list).toEqual([]);
  });

  test('whatever storage holds is read safely', () => {
    expect(parseRemembered(null)).toEqual([]);
    expect(parseRemembered('{')).toEqual([]);
    expect(parseRemembered('{"key":"x"}')).toEqual([]);
    const good = { key: 'k', mapping: { lon: 'X' }, at: 5 };
    const text = JSON.stringify([
      { key: 'old', mapping: { lon: 'X' }, at: 1 },
      null,
      { key: 'k2', mapping: ['X'], at: 2 },
      { key: 'k3', mapping: { lon: 7 }, at: 3 },
      { key: 'k4', at: 4 },
      good,
    ]);
    expect(parseRemembered(text).map((e) => e.key)).toEqual(['k', 'old']);
  });
});
