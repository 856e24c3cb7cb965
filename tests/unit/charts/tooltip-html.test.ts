/**
 * Tooltip formatters return HTML (ECharts sets it as the tooltip's innerHTML), so every text from the dataset in them
 * must come out escaped: a grid named like an <img onerror> tag would otherwise run script on hover.
 */
import { describe, expect, test } from 'vitest';
import { escapeHtml } from '../../../src/io/escape-html';
import { topGridsOption } from '../../../src/charts/top-grids';
import { patrolCoverageOption } from '../../../src/charts/patrol-coverage';
import type { ChartOption } from '../../../src/charts/echarts';
import type { Translate } from '../../../src/charts/common';

const HOSTILE = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=1</script>',
  `"'><svg onload=alert(1)>`,
  'A & B <b>bold</b>',
];

/** A translation that is itself hostile: translations are escaped too (a locale file is data as well). */
const tHostile: Translate = (key) => `<i>${key}</i>`;

function tooltipOf(option: ChartOption, dataIndex: number): string {
  const tooltip = option.tooltip as { formatter: (p: { dataIndex: number }) => string };
  return tooltip.formatter({ dataIndex });
}

/** What the browser would show for this HTML, i.e. the text once entities are decoded and `<br>` is a line. */
function shownText(html: string): string {
  expect(html.replace(/<br>/g, '')).not.toMatch(/[<>]/);
  return html
    .split('<br>')
    .map((line) => line.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'))
    .join('\n');
}

describe('escapeHtml', () => {
  test('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });
  test('leaves other text alone, Chinese included, and shows null/undefined as nothing', () => {
    expect(escapeHtml('一号网格 (A-1) 95%')).toBe('一号网格 (A-1) 95%');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(12)).toBe('12');
  });
});

describe('chart tooltips escape dataset text', () => {
  test.each(HOSTILE)('top grids: %s', (name) => {
    const option = topGridsOption(
      [{ code: 'g1', name, count: 3, enterprises: 2, perEnterprise: 1.5 }],
      { metric: 'count', selected: null },
      tHostile,
    );
    const html = tooltipOf(option, 0);
    expect(shownText(html)).toBe(`${name}\n<i>charts.topGrids.count</i>: 3\n<i>charts.topGrids.enterprises</i>: 2`);
  });
  test.each(HOSTILE)('patrol coverage: %s', (name) => {
    const option = patrolCoverageOption([{ code: 'g1', name, coverage: 0.5 }], null, tHostile);
    const html = tooltipOf(option, 0);
    expect(shownText(html)).toBe(`${name}\n<i>charts.patrol.coverage</i>: 50.0%`);
  });
});
