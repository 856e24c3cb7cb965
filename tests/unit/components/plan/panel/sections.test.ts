/**
 * The planner panel's sections rendered (Vue's server renderer: no DOM needed) from a plan store's status: figures,
 * flags, moves and findings reach the page with their test ids, and every string from data stays text.
 */
import { describe, expect, it } from 'vitest';
import { createSSRApp, type Component } from 'vue';
import { renderToString } from '@vue/server-renderer';
import { createPinia, setActivePinia } from 'pinia';
import { createI18n } from 'vue-i18n';
import { zhCN } from '../../../../../src/i18n/zh-CN';
import { en } from '../../../../../src/i18n/en';
import type { PlanStatus, GridFigures } from '../../../../../src/domain/plan/types';
import type { DatasetIndex } from '../../../../../src/geo/dataset-index';
import { usePlanStore } from '../../../../../src/stores/plan';
import { useDatasetStore } from '../../../../../src/stores/dataset';
import PlanFigures from '../../../../../src/components/plan/panel/PlanFigures.vue';
import PlanMoves from '../../../../../src/components/plan/panel/PlanMoves.vue';
import PlanChecks from '../../../../../src/components/plan/panel/PlanChecks.vue';
import PlanRoster from '../../../../../src/components/plan/panel/PlanRoster.vue';
import type { Member } from '../../../../../src/domain/types';

const HOSTILE = '<img src=x onerror="alert(1)">';
const staff = (n: number): GridFigures['staff'] => ({ 'grid-leader': n, 'full-time': n, 'part-time': n, instructor: n });
const fig = (enterprises: number, s = 1): GridFigures => ({ enterprises, above: 3, microGrids: 9, parks: 1, area: 472_200, staff: staff(s) });

const status: PlanStatus = {
  errors: 1,
  warnings: 1,
  findings: [
    { rule: 'staffing', severity: 'error', codes: ['330424002012015'], message: HOSTILE, geometry: null },
    { rule: 'grid-enterprise-count', severity: 'warning', codes: ['330424002012015'], message: 'too many', geometry: null },
  ],
  changes: {
    added: ['330424002012015'],
    retired: ['330424002012001'],
    reshaped: [],
    moves: [
      { enterpriseId: 'E1', from: '330424002012001', to: '330424002012015' },
      { enterpriseId: 'E2', from: '330424002012001', to: '330424002012015' },
    ],
    grids: [
      { code: '330424002012001', before: fig(35), after: null },
      { code: '330424002012015', before: null, after: fig(80, 0) },
    ],
  },
};

const square = { type: 'Polygon' as const, coordinates: [] };
const members: Member[] = [
  { id: 'a', name: '原网格长', role: 'grid-leader', gridCode: '330424002012001' },
  { id: 'b', name: HOSTILE, role: 'full-time', gridCode: '330424002012002' },
  { id: 'c', name: '微网格长甲', role: 'micro-leader', gridCode: '330424002012015', microGridCode: '330424002012015001' },
];

async function render(component: Component, locale: 'zh-CN' | 'en' = 'zh-CN'): Promise<string> {
  const pinia = createPinia();
  setActivePinia(pinia);
  const plan = usePlanStore();
  plan.status = status;
  plan.phase = 'ready';
  // The draft's members as the worker sends them (here: as in the dataset, nothing assigned yet).
  plan.members = members;
  plan.snapshot = {
    grids: {
      type: 'FeatureCollection',
      features: ['330424002012002', '330424002012015'].map((code) => ({ type: 'Feature', geometry: square, properties: { code, name: code } })),
    },
    microGrids: {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: square, properties: { code: '330424002012015001', gridCode: '330424002012015' } }],
    },
  };
  const ds = useDatasetStore();
  ds.index = {
    dataset: { manifest: { name: 't', files: [] }, members },
    grids: new Map([['330424002012001', {}], ['330424002012002', {}]]),
    enterprises: new Map([
      ['E1', { properties: { name: HOSTILE } }],
      ['E2', { properties: { name: '海盐精工' } }],
    ]),
  } as unknown as DatasetIndex;
  const app = createSSRApp(component);
  app.use(pinia);
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zhCN, en } }));
  return renderToString(app);
}

describe('planner panel sections', () => {
  it('lists the grids touched, new first, with flags where a rule breaks', async () => {
    const html = await render(PlanFigures);
    const rows = [...html.matchAll(/data-testid="plan-figure-row" data-code="(\d+)" data-state="(\w+)" data-enterprises-after="(\d*)" data-flagged="(\w+)"/g)].map((m) => m.slice(1));
    expect(rows).toEqual([
      ['330424002012015', 'added', '80', 'true'],
      ['330424002012001', 'retired', '', 'false'],
    ]);
    expect(html).toContain('企业（宜 30–50 家）');
    expect(html).toContain('47.22 ha');
  });

  it('summarises the moves by from → to and shows enterprise names as text', async () => {
    const html = await render(PlanMoves);
    expect(html).toContain('data-testid="plan-moves" data-moved="2"');
    expect(html).toContain('2 家企业从 …001 移到 …015');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x');
    expect(await render(PlanMoves, 'en')).toContain('2 enterprises move from …001 to …015');
  });

  it('gives the badge the counts and lists the findings, their messages as text', async () => {
    const html = await render(PlanChecks);
    expect(html).toMatch(/data-testid="plan-validation-badge" data-status="error" data-errors="1" data-warnings="1"/);
    expect([...html.matchAll(/data-testid="plan-finding" data-rule="([\w-]+)"/g)].map((m) => m[1])).toEqual(['staffing', 'grid-enterprise-count']);
    expect(html).not.toContain('<img');
  });

  it('starts the roster on the new grid: roles vacant, its micro-grid’s leader, members of the revoked grid waiting', async () => {
    const html = await render(PlanRoster);
    expect(html).toContain('data-testid="plan-roster" data-grid="330424002012015"');
    expect([...html.matchAll(/data-testid="plan-roster-slot" data-role="([\w-]+)" data-count="(\d)"/g)].map((m) => `${m[1]}=${m[2]}`)).toEqual([
      'grid-leader=0',
      'full-time=0',
      'part-time=0',
      'instructor=0',
    ]);
    expect(html).toMatch(/data-testid="plan-roster-micro" data-code="330424002012015001" data-count="1"/);
    expect(html).toMatch(/data-testid="plan-roster-waiting" data-count="1"[^>]*>[^<]*原网格长/);
    expect(html).not.toContain('<img');
  });
});
