/**
 * Reading patrol-area.json: every figure is used as it is, so a file that is not one is refused, naming the place;
 * the loader reads it only when dataset.json lists it.
 */
import { describe, expect, it } from 'vitest';
import { parsePatrolArea } from '../../../src/io/patrol-area';
import { loadDataset } from '../../../src/io/dataset';
import { memorySource } from '../../../src/io/plan/dataset-files';
import { DatasetError } from '../../../src/io/errors';

const month = {
  month: '2026-11',
  radius: 50,
  cell: 1,
  key: '0123456789abcdef',
  grids: { '330424001001001': [10, 20] },
};
const doc = (over: Record<string, unknown> = {}, m: Record<string, unknown> = {}) =>
  JSON.stringify({ format: 'gridsight-patrol-area', version: 1, months: [{ ...month, ...m }], ...over });

/** The error parsePatrolArea throws for `text`, as one line. */
function refusal(text: string): string {
  try {
    parsePatrolArea(text);
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('parsePatrolArea', () => {
  it('reads a well-formed file, a grid code that is an Object member included', () => {
    const f = parsePatrolArea(doc({}, { grids: { '330424001001001': [10, 20], __proto__x: [0, 0] } }));
    expect(f.months[0]).toMatchObject({ month: '2026-11', radius: 50, cell: 1, key: '0123456789abcdef' });
    expect(f.months[0].grids['330424001001001']).toEqual([10, 20]);
    const proto = parsePatrolArea(
      '{"format":"gridsight-patrol-area","version":1,"months":[{"month":"2026-11","radius":50,"cell":1,"key":"0123456789abcdef","grids":{"__proto__":[1,2]}}]}',
    );
    expect(Object.hasOwn(proto.months[0].grids, '__proto__')).toBe(true);
    expect(proto.months[0].grids['__proto__']).toEqual([1, 2]);
  });

  it.each([
    ['not JSON', '{"format":', 'patrol-area.json: is not valid JSON'],
    ['an array', '[]', 'patrol-area.json: must be an object, got an array of 0'],
    ['another format', doc({ format: 'x' }), '"format" must be "gridsight-patrol-area"'],
    [
      'another version',
      doc({ version: 2 }),
      'is version 2; this GridSight reads version 1 (run gridsight pack again)',
    ],
    ['no months', doc({ months: {} }), '"months" must be an array'],
    ['a bad month', doc({}, { month: '2026-13' }), 'patrol-area.json: months[0]: "month" must be "YYYY-MM"'],
    ['a bad radius', doc({}, { radius: -1 }), 'months[0]: "radius" must be metres > 0'],
    ['a bad row height', doc({}, { cell: 'x' }), 'months[0]: "cell" must be metres > 0'],
    ['a bad key', doc({}, { key: 'XYZ' }), 'months[0]: "key" must be 16 hexadecimal digits'],
    ['grids as an array', doc({}, { grids: [] }), 'months[0]: "grids" must be an object'],
    [
      'covered over area',
      doc({}, { grids: { A1: [30, 20] } }),
      'months[0].grids["A1"]: must be [covered m², area m²]',
    ],
    [
      'a negative area',
      doc({}, { grids: { A1: [0, -1] } }),
      'months[0].grids["A1"]: must be [covered m², area m²]',
    ],
    ['three numbers', doc({}, { grids: { A1: [1, 2, 3] } }), 'months[0].grids["A1"]'],
  ])('refuses %s, saying where', (_, text, message) => {
    expect(refusal(text)).toContain(message);
  });

  it('is read by loadDataset when listed, and not when it is not', async () => {
    const files = new Map([
      ['dataset.json', JSON.stringify({ name: 'x', files: ['patrol-area.json'] })],
      ['patrol-area.json', doc()],
    ]);
    const listed = await loadDataset(memorySource(files), { require: [] });
    expect(listed.patrolArea?.months).toHaveLength(1);
    files.set('dataset.json', JSON.stringify({ name: 'x', files: [] }));
    expect((await loadDataset(memorySource(files), { require: [] })).patrolArea).toBeUndefined();
    files.set('dataset.json', JSON.stringify({ name: 'x', files: ['patrol-area.json'] }));
    files.set('patrol-area.json', doc({}, { key: 'no' }));
    await expect(loadDataset(memorySource(files), { require: [] })).rejects.toThrow(
      'patrol-area.json: months[0]: "key"',
    );
  });
});
