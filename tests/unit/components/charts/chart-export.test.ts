/**
 * A chart's SVG download (components/charts/chart-export): ECharts' server-side SVG renderer draws the option the
 * chart on screen holds, and every text from the data (grid names, the category axis, the legend, the title) comes
 * out escaped, never as markup: a name like `<script>…` or `"><img onerror=…>` cannot put script in the file.
 */
import { describe, expect, test } from 'vitest';
import { chartFileName, optionSvg } from '../../../../src/components/charts/chart-export';
import { topGridsOption } from '../../../../src/charts/top-grids';
import { t } from '../../charts/helpers';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';
const AMP = "A & B's <grid>";

/** What ECharts' SVG renderer writes (images only for an option with image symbols, which no chart of ours has). */
const SVG_TAGS = [
  'svg',
  'g',
  'path',
  'rect',
  'text',
  'tspan',
  'defs',
  'clippath',
  'style',
  'title',
  'circle',
  'line',
];

/** No element but SVG's own: no script, no img, no event handler attribute, no foreign object. */
function expectInert(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg).not.toMatch(/<script/i);
  expect(svg).not.toMatch(/<img/i);
  expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
  expect(svg).not.toMatch(/<foreignObject/i);
  expect(svg).not.toMatch(/javascript:/i);
  const tags = new Set([...svg.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1].toLowerCase()));
  for (const tag of tags) expect(SVG_TAGS).toContain(tag);
}

describe('optionSvg', () => {
  test('names from the data are escaped text in the SVG: no script, no img, no handler', () => {
    const grids = [
      { code: 'g1', name: SCRIPT, count: 5, enterprises: 2, perEnterprise: 2.5 },
      { code: 'g2', name: IMG, count: 3, enterprises: 1, perEnterprise: 3 },
      { code: 'g3', name: AMP, count: 1, enterprises: 1, perEnterprise: 1 },
    ];
    const option = topGridsOption(grids, { metric: 'count', selected: null }, t);
    const svg = optionSvg(option, { width: 400, height: 160, backgroundColor: '#ffffff' });
    expectInert(svg);
    // The names are there, as escaped text (the axis cuts long labels with "...", the legend does not).
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/s');
    expect(svg).toContain('&quot;&gt;&lt;img src=x oner');
    expect(svg).toContain('A &amp; B&#39;s &lt;grid&gt;');
  });

  test('the size asked for and the background', () => {
    const option = topGridsOption(
      [{ code: 'g1', name: '一号网格', count: 2, enterprises: 1, perEnterprise: 2 }],
      { metric: 'count', selected: null },
      t,
    );
    const svg = optionSvg(option, { width: 321, height: 123, backgroundColor: '#f4f2ed' });
    expect(svg).toMatch(/^<svg[^>]*width="321"[^>]*height="123"/);
    expect(svg).toContain('#f4f2ed');
    expect(svg).toContain('一号网格');
  });
});

describe('chartFileName', () => {
  test('the title and the day in China time, made safe', () => {
    const at = Date.parse('2026-11-19T17:00:00Z'); // 2026-11-20 01:00 in China
    expect(chartFileName('各网格事件数', 'png', at)).toBe('各网格事件数_2026-11-20.png');
    expect(chartFileName('../a/b <c>', 'svg', at)).toBe('a_b_c_2026-11-20.svg');
    expect(chartFileName(undefined, 'svg', at)).toBe('2026-11-20.svg');
  });
});
