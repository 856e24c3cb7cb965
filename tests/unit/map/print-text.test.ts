import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../../src/map/print-text';

/** A context measuring every character 10 px wide. */
const ctx = {
  measureText: (s: string) => ({ width: [...s].length * 10 }),
} as unknown as CanvasRenderingContext2D;

describe('sheet text', () => {
  it('breaks CJK text at characters into lines that fit', () => {
    expect(wrapLines(ctx, '模拟数据本图数据为程序生成', 50)).toEqual(['模拟数据本', '图数据为程', '序生成']);
    expect(wrapLines(ctx, '', 50)).toEqual([]);
    // A space at a break is dropped, not carried to the start of the next line.
    expect(wrapLines(ctx, 'abcde fgh', 50)).toEqual(['abcde', 'fgh']);
  });

  it('never begins a line with a closing mark: the character before it moves down with it', () => {
    expect(wrapLines(ctx, '真实的企业、人员或地点。', 50)).toEqual(['真实的企', '业、人员或', '地点。']);
    expect(wrapLines(ctx, '不代表真实。', 50)).toEqual(['不代表真', '实。']);
    for (const line of wrapLines(
      ctx,
      '模拟数据：本图数据为程序生成的合成数据（虚构），不代表真实的企业、人员或地点。',
      50,
    )) {
      expect('、。，：）'.includes(line[0])).toBe(false);
      expect([...line].length).toBeLessThanOrEqual(5);
    }
  });
});
