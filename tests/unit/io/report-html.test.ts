/**
 * io/report-html on its own: the ranking, the escaping of text in attributes and SVG, the charts' and map's
 * content, and the words (the app's own Chinese and English for roles and categories).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { percent } from '../../../src/cli/stats-text';
import { buildReport } from '../../../src/cli/report';
import type { Rate } from '../../../src/domain/rate';
import { en } from '../../../src/i18n/en';
import { zhCN } from '../../../src/i18n/zh-CN';
import { escapeHtml } from '../../../src/io/escape-html';
import { rankUnits, renderReportHtml, reportLabels, type ReportInput } from '../../../src/io/report-html';

describe('escapeHtml', () => {
  it('escapes the five characters, and only them', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('网格 1 · 100 %')).toBe('网格 1 · 100 %');
    expect(escapeHtml(undefined)).toBe('');
  });
});

describe('rankUnits', () => {
  const u = (code: string, c: Rate, o: Rate) => ({ code, c, o });
  const rank = (list: ReturnType<typeof u>[]) =>
    rankUnits(list, (x) => [x.c, x.o, x.code]).map(({ unit, rank }) => `${rank}:${unit.code}`);

  it('closure rate high to low, then on-time rate, then code; null after any number', () => {
    expect(
      rank([u('d', null, 1), u('c', 0.5, null), u('b', 0.5, 0.9), u('a', 0.9, 0.1), u('e', 0, 0)]),
    ).toEqual(['1:a', '2:b', '3:c', '4:e', '5:d']);
  });

  it('equal rates share a rank, the next one skips (1, 2, 2, 4)', () => {
    expect(rank([u('z', 1, 1), u('y', 0.8, 0.5), u('x', 0.8, 0.5), u('w', 0.7, 1)])).toEqual([
      '1:z',
      '2:x',
      '2:y',
      '4:w',
    ]);
    expect(rank([u('b', null, null), u('a', null, null)])).toEqual(['1:a', '1:b']);
  });
});

describe('reportLabels', () => {
  it("uses the app's words for the roles and the incident categories (src/i18n)", () => {
    expect(reportLabels('zh-CN').roles).toEqual(zhCN.roles);
    expect(reportLabels('zh-CN').categories).toEqual(zhCN.categories);
    expect(reportLabels('en').roles).toEqual(en.roles);
    expect(reportLabels('en').categories).toEqual(en.categories);
    expect(reportLabels('zh-CN').synthetic).toBe(zhCN.about.synthetic);
    expect(reportLabels('en').synthetic).toBe(en.about.synthetic);
    expect(reportLabels('zh-CN').shortRoles).toEqual(zhCN.wall.tour.roles);
    expect(reportLabels('en').shortRoles).toEqual(en.wall.tour.roles);
  });
});

describe('renderReportHtml', () => {
  let input: ReportInput;
  beforeAll(async () => {
    input = (await buildReport('data/zhihuiwan', { month: '2026-10' })).input;
  });

  it('escapes a hostile code in attributes and a hostile name in the SVG titles', () => {
    const evil = `x" onmouseover="alert(1)`;
    const grids = input.stats.grids.map((g, i) =>
      i === 0 ? { ...g, code: evil, name: `<svg onload=alert(2)>` } : g,
    );
    const shapes = new Map(input.shapes.grids);
    shapes.set(evil, input.shapes.grids.get(input.stats.grids[0].code)!);
    const html = renderReportHtml({
      ...input,
      stats: { ...input.stats, grids },
      shapes: { ...input.shapes, grids: shapes },
    });
    expect(html).toContain('data-grid="x&quot; onmouseover=&quot;alert(1)"');
    expect(html).not.toContain('" onmouseover="');
    expect(html).not.toContain('<svg onload');
    // In a <title> of the map's path (the tooltip) and of both charts' rows.
    expect(
      html.match(/<title>[^<]*&lt;svg onload=alert\(2\)&gt;[^<]*<\/title>/g)?.length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('draws three figures per grid table: bars by level, coverage bars with the target line, and the map', () => {
    const html = renderReportHtml(input);
    const charts = [...html.matchAll(/<div class="charts">([\s\S]*?)<\/div><\/figure><\/div>/g)];
    expect(charts).toHaveLength(1);
    const svgs = charts[0][1].match(/<svg [^>]*>/g)!;
    expect(svgs).toHaveLength(3);
    const [levels, coverage, map] = charts[0][1].split('<svg ').slice(1);
    const n = input.stats.grids.length;
    // One bar-group per grid, each with its total, in both charts.
    expect(levels.match(/<g><title>/g)).toHaveLength(n);
    expect(coverage.match(/<g><title>/g)).toHaveLength(n);
    for (const g of input.stats.grids) {
      expect(levels).toContain(`${g.code} ${g.name}: ${g.incidents.total}</title>`);
      expect(coverage).toContain(
        `${percent(g.patrol.enterpriseCoverage)} / ${percent(g.patrol.areaCoverage)}`,
      );
    }
    expect(coverage).toContain('目标 95.0 %');
    expect(coverage).toMatch(/stroke-dasharray/);
    // Every grid outline, filled by its closure class, with its rank as a label.
    expect(map.match(/<path d="M/g)).toHaveLength(n);
    expect(map.match(/class="lbl"/g)).toHaveLength(n);
    expect(html).toContain('图中数字为网格排名');
  });

  it('says "—" for overdue, staffing and validation it was not given', () => {
    const html = renderReportHtml({ ...input, overdueByGrid: new Map(), validation: null });
    for (const k of ['overdue', 'staffing', 'validation']) {
      const rows = html.match(/<tr data-grid="[^"]*">[\s\S]*?<\/tr>/g)!.join('');
      const cells = [...rows.matchAll(new RegExp(`<td data-k="${k}"[^>]*>([^<]*)</td>`, 'g'))].map(
        (m) => m[1],
      );
      expect(cells.length, k).toBe(input.stats.grids.length);
      expect(new Set(cells), k).toEqual(new Set(['—']));
    }
    expect(html).toContain('未校验（缺少 community.geojson）');
  });
});
