import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../src/i18n/zh-CN';
import { en } from '../../../src/i18n/en';
import {
  analysisLegendEntries,
  gridClassLabel,
  hexLegendEntry,
  type AnalysisLegendState,
  type Translate,
} from '../../../src/map/analysis-legend';
import { CLUSTER_COLOURS } from '../../../src/map/analysis-clusters';
import { HEAT_COLOURS } from '../../../src/map/analysis-heat';
import { CORRIDOR_COLOUR, TRACK_COLOUR } from '../../../src/map/analysis-patrol';
import {
  NO_DATA_COLOUR,
  PATROL_COLOURS,
  WARNING_COLOUR,
  patrolScheme,
  perEnterpriseScheme,
} from '../../../src/map/analysis-grid-colour';
import { DENSITY_COLOURS, HOTSPOT_COLOURS } from '../../../src/map/hex-layers';

/** The app's messages with vue-i18n's {name} interpolation; a key the catalogue lacks throws. */
function translator(messages: object): Translate {
  return (key, params = {}) => {
    const found = key
      .split('.')
      .reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);
    if (typeof found !== 'string') throw new Error(`no message ${key}`);
    return found.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
  };
}
const t = translator(zhCN);

const OFF: AnalysisLegendState = {
  clusters: false,
  heatmap: false,
  gridColouring: 'none',
  tracks: false,
  incidents: 0,
  month: '2026-10',
  gridClasses: null,
  patrol: { radiusM: 50, month: null, tracks: 0 },
};

describe('analysis legend entries', () => {
  it('has nothing for layers that are off, and follows the panel order for those on', () => {
    expect(analysisLegendEntries(OFF, t)).toEqual([]);
    const all = { ...OFF, clusters: true, heatmap: true, gridColouring: 'patrol' as const, tracks: true };
    expect(analysisLegendEntries(all, t).map((e) => e.id)).toEqual([
      'clusters',
      'heat',
      'gridColour',
      'tracks',
    ]);
    expect(analysisLegendEntries({ ...OFF, tracks: true }, t).map((e) => e.id)).toEqual(['tracks']);
  });

  it('clusters: three dots in the cluster colours, side by side after their title', () => {
    const [e] = analysisLegendEntries({ ...OFF, clusters: true }, t);
    expect(e).toMatchObject({ id: 'clusters', title: '聚合企业数', layout: 'row' });
    expect(e.hint).toContain('圆内数字为企业数');
    expect(e.swatches).toEqual([
      { shape: 'dot', colour: CLUSTER_COLOURS[0], label: '<10' },
      { shape: 'dot', colour: CLUSTER_COLOURS[1], label: '10–29' },
      { shape: 'dot', colour: CLUSTER_COLOURS[2], label: '≥30' },
    ]);
  });

  it('heat: the density ramp low to high, the radius and the incidents counted in the title', () => {
    const [e] = analysisLegendEntries({ ...OFF, heatmap: true, incidents: 137 }, t);
    expect(e.title).toBe('事件热力（核半径 60 米，137 件符合筛选）');
    expect(e.ramp).toEqual({ colours: HEAT_COLOURS, min: '少', max: '多' });
    expect(e.data).toEqual({ count: 137 });
    expect(e.swatches).toEqual([]);
  });

  it('incidents per enterprise: one box per class with its range and grid count, no-data last', () => {
    const scheme = perEnterpriseScheme([0.1, 0.2, 0.9, 1.4, null]);
    const [e] = analysisLegendEntries(
      { ...OFF, gridColouring: 'perEnterprise', gridClasses: scheme.legend },
      t,
    );
    expect(e).toMatchObject({ id: 'gridColour', title: '每家企业的事件数（符合筛选，自然断点分级）' });
    expect(e.data).toEqual({ colouring: 'perEnterprise' });
    expect(e.swatches.map((s) => s.colour)).toEqual(scheme.legend.map((c) => c.colour));
    expect(e.swatches.map((s) => s.count)).toEqual(scheme.legend.map((c) => c.count));
    expect(e.swatches.at(-1)).toEqual({ shape: 'box', colour: NO_DATA_COLOUR, label: '无企业', count: 1 });
    expect(e.swatches.slice(0, -1).every((s) => /^\d\.\d\d(–\d\.\d\d)?$/.test(s.label))).toBe(true);
    expect(e.lines).toEqual([]);
  });

  it('patrol coverage: percentage classes, the month in the title, the flagged outline as a line', () => {
    const scheme = patrolScheme([1, 0.9, 0.3, 0.6]);
    const state = { ...OFF, gridColouring: 'patrol' as const, gridClasses: scheme.legend };
    const [e] = analysisLegendEntries(state, t);
    expect(e.title).toBe('2026-10 企业巡查覆盖率');
    expect(e.swatches.map((s) => [s.colour, s.label, s.count])).toEqual([
      [PATROL_COLOURS[0], '0.0%–50.0%', 1],
      [PATROL_COLOURS[1], '50.0%–80.0%', 1],
      [PATROL_COLOURS[2], '80.0%–95.0%', 1],
      [PATROL_COLOURS[3], '95.0%–100.0%', 1],
    ]);
    expect(e.lines).toEqual([
      { text: '红框：低于 95%', swatch: { shape: 'outline', colour: WARNING_COLOUR } },
    ]);
  });

  it('a grid colouring still being computed says so, and has no classes yet', () => {
    const [e] = analysisLegendEntries({ ...OFF, gridColouring: 'perEnterprise' }, t);
    expect(e.swatches).toEqual([]);
    expect(e.lines).toEqual([{ text: '正在计算…' }]);
  });

  it('patrol tracks: corridor band and track line, the tracks month before the selected one', () => {
    const patrol = { radiusM: 50, month: '2026-09', tracks: 12 };
    const [e] = analysisLegendEntries({ ...OFF, tracks: true, patrol }, t);
    expect(e.title).toBe('');
    expect(e.lines).toEqual([
      { text: '巡查走廊（轨迹两侧各 50 米）', swatch: { shape: 'band', colour: CORRIDOR_COLOUR } },
      { text: '巡查轨迹（2026-09，12 条）', swatch: { shape: 'line', colour: TRACK_COLOUR } },
    ]);
    const [before] = analysisLegendEntries({ ...OFF, tracks: true }, t);
    expect(before.lines[1].text).toBe('巡查轨迹（2026-10，0 条）');
  });

  it('speaks the language it is given', () => {
    const state = { ...OFF, clusters: true, heatmap: true, incidents: 5 };
    const entries = analysisLegendEntries(state, translator(en));
    expect(entries[0].title).toBe(en.analysisMap.legend.clusterTitle);
    expect(entries[1].ramp).toMatchObject({
      min: en.analysisMap.legend.low,
      max: en.analysisMap.legend.high,
    });
  });

  it('class labels: one value alone, ranges with a dash, rates as percentages', () => {
    expect(gridClassLabel({ colour: '#000', from: 0.25, to: 0.25, count: 2 }, 'perEnterprise', t)).toBe(
      '0.25',
    );
    expect(gridClassLabel({ colour: '#000', from: 0.5, to: 0.8, count: 2 }, 'patrol', t)).toBe('50.0%–80.0%');
    expect(gridClassLabel({ colour: '#000', from: null, to: null, count: 2 }, 'patrol', t)).toBe('无企业');
  });
});

describe('hex cells legend', () => {
  const hex = { mode: 'density' as const, sizeM: 200, month: '2026-10', max: 20, total: 90, outside: 2 };

  it('density: the classes as the hex panel lists them, in the density colours, and the month total', () => {
    const e = hexLegendEntry(hex, t);
    expect(e).toMatchObject({ id: 'hex', title: '每个 200 米六边形的事件数', layout: 'row' });
    expect(e.swatches.map((s) => s.label)).toEqual(['1–4', '5–8', '9–12', '13–16', '17–20']);
    expect(e.swatches.map((s) => s.colour)).toEqual(DENSITY_COLOURS);
    expect(e.lines).toEqual([{ text: '2026-10 共 90 件事件，其中 2 件在研究区外。' }]);
    expect(hexLegendEntry({ ...hex, max: 1 }, t).swatches).toEqual([
      { shape: 'box', colour: DENSITY_COLOURS[0], label: '1' },
    ]);
  });

  it('hotspots: seven Gi* classes, the clear one hatched, and the month total', () => {
    const e = hexLegendEntry({ ...hex, mode: 'hotspots' }, t);
    expect(e.title).toBe('热点分析（Getis-Ord Gi*），200 米六边形');
    expect(e.swatches).toHaveLength(7);
    expect(e.swatches[0]).toEqual({ shape: 'box', colour: HOTSPOT_COLOURS['3'], label: '热点，置信度 99%' });
    expect(e.swatches[3]).toMatchObject({ shape: 'clear', label: '不显著' });
    expect(e.lines).toEqual([{ text: '2026-10 共 90 件事件，其中 2 件在研究区外。' }]);
  });
});
