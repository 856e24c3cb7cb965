import { describe, expect, it } from 'vitest';
import { zhCN } from '../../../src/i18n/zh-CN';
import { pageLayout, type PageLayout, type Rect } from '../../../src/io/print/paper';
import {
  analysisLegendEntries,
  hexLegendEntry,
  type AnalysisLegendEntry,
  type Translate,
} from '../../../src/map/analysis-legend';
import { PATROL_COLOURS, patrolScheme } from '../../../src/map/analysis-grid-colour';
import { CLUSTER_COLOURS } from '../../../src/map/analysis-clusters';
import { GRID_FILL_SAMPLES, LEGEND_ITEMS } from '../../../src/map/legend-items';
import { drawLegend, type PrintLegend } from '../../../src/map/print-legend';

const t: Translate = (key, params = {}) => {
  const found = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN);
  return String(found).replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
};

interface Drawn {
  text: string;
  box: Rect;
}

/**
 * A 2D context that records what is drawn: text as boxes (a CJK or full-width character as wide as the font is
 * high, any other 0.6 of it; middle baseline), filled rectangles with their colours. Paths, strokes and gradients
 * are accepted.
 */
function recorder() {
  const texts: Drawn[] = [];
  const fills: { colour: string; box: Rect }[] = [];
  let px = 10;
  const width = (s: string) => [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2000 ? px : 0.6 * px), 0);
  const state = {
    font: '10px sans-serif',
    fillStyle: '#000' as unknown,
    textAlign: 'left',
    textBaseline: 'middle',
  };
  const ctx = {
    ...Object.fromEntries(
      [
        'save',
        'restore',
        'beginPath',
        'moveTo',
        'lineTo',
        'closePath',
        'arc',
        'rect',
        'clip',
        'fill',
        'stroke',
      ]
        .concat(['strokeRect', 'translate', 'rotate'])
        .map((n) => [n, () => {}]),
    ),
    get font() {
      return state.font;
    },
    set font(f: string) {
      state.font = f;
      px = Number(/([\d.]+)px/.exec(f)![1]);
    },
    get fillStyle() {
      return state.fillStyle;
    },
    set fillStyle(v: unknown) {
      state.fillStyle = v;
    },
    get textAlign() {
      return state.textAlign;
    },
    set textAlign(v: string) {
      state.textAlign = v;
    },
    textBaseline: 'middle',
    lineWidth: 1,
    strokeStyle: '#000',
    globalAlpha: 1,
    measureText: (s: string) => ({ width: width(s) }),
    fillText(s: string, x: number, y: number) {
      const w = width(s);
      const left = state.textAlign === 'right' ? x - w : state.textAlign === 'center' ? x - w / 2 : x;
      texts.push({ text: s, box: { x: left, y: y - px / 2, width: w, height: px } });
    },
    fillRect(x: number, y: number, width: number, height: number) {
      fills.push({ colour: String(state.fillStyle), box: { x, y, width, height } });
    },
    createLinearGradient: () => ({ addColorStop: () => {} }),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, texts, fills };
}

const within = (r: Rect, outer: Rect) =>
  r.x >= outer.x - 0.5 &&
  r.y >= outer.y - 0.5 &&
  r.x + r.width <= outer.x + outer.width + 0.5 &&
  r.y + r.height <= outer.y + outer.height + 0.5;
const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

function legend(analysis: AnalysisLegendEntry[]): PrintLegend {
  return {
    heading: '图例',
    items: LEGEND_ITEMS.map((swatch) => ({ swatch, label: t(swatch.key) })),
    gridFills: { label: t('legend.gridFills'), colours: GRID_FILL_SAMPLES },
    analysis,
    more: (n) => t('mapPrint.sheet.legendMore', { n }),
  };
}

const OFF = {
  clusters: false,
  heatmap: false,
  gridColouring: 'none' as const,
  tracks: false,
  incidents: 120,
  month: '2026-10',
  gridClasses: null,
  patrol: { radiusM: 50, month: '2026-10', tracks: 9 },
};
const hex = hexLegendEntry(
  { mode: 'density', sizeM: 200, month: '2026-10', max: 20, total: 90, outside: 2 },
  t,
);
const everything = [
  hexLegendEntry({ mode: 'hotspots', sizeM: 200, month: '2026-10', max: 20, total: 90, outside: 2 }, t),
  ...analysisLegendEntries(
    {
      ...OFF,
      clusters: true,
      heatmap: true,
      tracks: true,
      gridColouring: 'patrol',
      gridClasses: patrolScheme([1, 0.9, 0.3, 0.6, null]).legend,
    },
    t,
  ),
];

/** Every text inside the legend's rectangle, none over another. */
function expectTidy(L: PageLayout, texts: Drawn[]): void {
  for (const d of texts) expect(within(d.box, L.legend), `${d.text} inside the legend`).toBe(true);
  for (let i = 0; i < texts.length; i++)
    for (let j = i + 1; j < texts.length; j++)
      expect(overlap(texts[i].box, texts[j].box), `${texts[i].text} / ${texts[j].text}`).toBe(false);
}

describe('printed legend', () => {
  it('landscape A4: the base entries, then the analysis entries with their swatches, all at full size', () => {
    const L = pageLayout('A4', 300);
    const { ctx, texts, fills } = recorder();
    const analysis = [hex, ...analysisLegendEntries({ ...OFF, clusters: true }, t)];
    const drawn = drawLegend(ctx, L, legend(analysis));
    expect(drawn).toMatchObject({ scale: 1, columns: 1, left: [] });
    expect(drawn.shown).toEqual([...LEGEND_ITEMS.map((i) => i.key), 'gridFills', 'hex', 'clusters']);
    const words = texts.map((d) => d.text);
    for (const w of ['图例', '社区边界', '每个 200 米六边形的事件数', '1–4', '17–20', '聚合企业数', '≥30'])
      expect(words.join('|')).toContain(w);
    // The density classes' boxes in their colours, under the base entries.
    for (const c of hex.swatches.map((s) => s.colour))
      expect(fills.some((f) => f.colour === c && within(f.box, L.legend))).toBe(true);
    const title = texts.find((d) => d.text === '每个 200 米六边形的事件数')!;
    const lastBase = texts.find((d) => d.text === t(LEGEND_ITEMS.at(-1)!.key))!;
    expect(title.box.y).toBeGreaterThan(lastBase.box.y);
    expectTidy(L, texts);
  });

  it('every analysis layer on a landscape A4: drawn smaller so that all of it fits, nothing overlapping', () => {
    const L = pageLayout('A4', 150);
    const { ctx, texts, fills } = recorder();
    const drawn = drawLegend(ctx, L, legend(everything));
    expect(drawn.left).toEqual([]);
    expect(drawn.scale).toBeLessThan(1);
    expect(drawn.shown.slice(-5)).toEqual(['hex', 'clusters', 'heat', 'gridColour', 'tracks']);
    for (const c of PATROL_COLOURS) expect(fills.some((f) => f.colour === c)).toBe(true);
    expect(texts.map((d) => d.text)).toEqual(expect.arrayContaining(['少', '多', '红框：低于 95%']));
    expectTidy(L, texts);
  });

  it('portrait A4: the band holds the legend in two columns beside each other', () => {
    const L = pageLayout('A4', 150, 'portrait');
    const { ctx, texts } = recorder();
    const analysis = [hex, ...analysisLegendEntries({ ...OFF, clusters: true, heatmap: true }, t)];
    const drawn = drawLegend(ctx, L, legend(analysis));
    expect(drawn.left).toEqual([]);
    expect(drawn.columns).toBeGreaterThanOrEqual(2);
    const xs = new Set(texts.filter((d) => d.text !== '图例').map((d) => Math.round(d.box.x)));
    expect([...xs].some((x) => x > L.legend.x + L.legend.width / 2)).toBe(true);
    expectTidy(L, texts);
  });

  it('more than fits even at the smallest size: what is left is counted in one last line', () => {
    const L = pageLayout('A4', 150);
    const { ctx, texts } = recorder();
    const many = Array.from({ length: 8 }, (_, k) => ({
      ...everything[0],
      id: 'hex' as const,
      title: `六边形 ${k}`,
    }));
    const drawn = drawLegend(ctx, L, legend([...everything, ...many]));
    expect(drawn.scale).toBe(0.6);
    expect(drawn.left.length).toBeGreaterThan(0);
    expect(drawn.shown.slice(0, LEGEND_ITEMS.length)).toEqual(LEGEND_ITEMS.map((i) => i.key));
    const more = texts.find((d) => d.text.startsWith('另有'))!;
    expect(more.text).toBe(`另有 ${drawn.left.length} 项图例未能列出`);
    expectTidy(L, texts);
  });

  it('cluster dots are drawn in the clusters’ colours (arcs) and labelled beside them', () => {
    const L = pageLayout('A4', 300);
    const { ctx, texts } = recorder();
    drawLegend(ctx, L, legend(analysisLegendEntries({ ...OFF, clusters: true }, t)));
    const labels = texts.filter((d) => ['<10', '10–29', '≥30'].includes(d.text));
    expect(labels).toHaveLength(CLUSTER_COLOURS.length);
    // Side by side on one line (a row), left to right.
    expect(new Set(labels.map((d) => Math.round(d.box.y))).size).toBe(1);
    expect(labels.map((d) => d.box.x)).toEqual([...labels.map((d) => d.box.x)].sort((a, b) => a - b));
  });
});
