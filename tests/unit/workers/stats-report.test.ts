/**
 * The analyst's monthly report as the stats worker writes it (StatsEngine.report): the very page `gridsight report`
 * writes for the same folder, month, language, validation and clock, byte for byte, since both gather the figures
 * with io/report-data and render with io/report-html.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../../src/cli/report';
import { runValidate } from '../../../src/cli/validate';
import { loadDataset } from '../../../src/io/dataset';
import { folderSource } from '../../../src/io/fs-source';
import { reportFindings } from '../../../src/io/report-data';
import { StatsEngine } from '../../../src/workers/stats-engine';

const NOW = Date.parse('2026-12-01T10:00:00+08:00');

async function engineOf(dir: string): Promise<StatsEngine> {
  return new StatsEngine(await loadDataset(folderSource(dir), { skip: ['basemap.geojson'] }), NOW);
}

describe('StatsEngine.report', () => {
  it.each([
    ['data/zhihuiwan', '2026-10', 'zh-CN'],
    ['data/zhihuiwan-defects', '2026-10', 'en'],
    ['data/haiyan-mini', '2026-09', 'zh-CN'],
  ] as const)('%s %s %s: the CLI\'s page, byte for byte', async (dir, month, lang) => {
    const [engine, validation, cli] = await Promise.all([
      engineOf(dir),
      runValidate(dir),
      buildReport(dir, { month, lang, now: NOW }),
    ]);
    const r = engine.report(month, { lang, validation: reportFindings(validation), now: NOW });
    expect(r.month).toBe(month);
    expect(r.warning).toBe(cli.warning);
    expect(r.html).toBe(cli.html);
  });

  it('without a validation report at hand, says so instead of "no community.geojson"', async () => {
    const engine = await engineOf('data/zhihuiwan');
    const r = engine.report('2026-10', { lang: 'zh-CN', validation: null, notValidated: 'unavailable', now: NOW });
    expect(r.html).toContain('无校验结果');
    expect(r.html).not.toContain('缺少 community.geojson');
    const en = engine.report('2026-10', { lang: 'en', validation: null, notValidated: 'unavailable', now: NOW });
    expect(en.html).toContain('no validation result');
  });

  it('a month outside the data: the warning, and the page still made', async () => {
    const engine = await engineOf('data/zhihuiwan');
    const r = engine.report('2024-01', { lang: 'zh-CN', validation: null, now: NOW });
    expect(r.warning).toMatch(/2024-01 has no data/);
    expect(r.html.startsWith('<!doctype html>')).toBe(true);
  });
});
