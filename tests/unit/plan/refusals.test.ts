import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSSRApp, defineComponent, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createI18n } from 'vue-i18n';
import type { Dataset } from '../../../src/domain/types';
import { PLAN_REFUSALS } from '../../../src/domain/plan/refusals';
import { PlanError, type PlanOp } from '../../../src/domain/plan/types';
import { PlanSession } from '../../../src/geo/plan/session';
import { interiorPoint } from '../../../src/geo/plan/interior-point';
import { createPlanHandler } from '../../../src/workers/plan-handler';
import { usePlanRefusalText, type PlanRefusalLike } from '../../../src/composables/usePlanRefusalText';
import { en } from '../../../src/i18n/en';
import { zhCN } from '../../../src/i18n/zh-CN';
import { gridVertexUse, innerSharedVertices, loadZhihuiwan, WHO } from './plan-fixture';

const NOW = Date.parse('2026-11-21T09:00:00+08:00');
const G1 = '330424002012001';

let dataset: Dataset;
beforeAll(async () => {
  dataset = await loadZhihuiwan();
});

const session = () => new PlanSession(dataset, { now: NOW });

/** The PlanError an operation is refused with (fails the test when it applies). */
function refusal(s: PlanSession, op: PlanOp): PlanError {
  try {
    s.apply(op, WHO);
  } catch (e) {
    if (e instanceof PlanError) return e;
    throw e;
  }
  throw new Error(`${op.op} applied; a refusal was expected`);
}

/** The refusal as the page says it (usePlanRefusalText inside a component), in `locale`. */
async function say(r: PlanRefusalLike, locale: 'zh-CN' | 'en'): Promise<string> {
  const app = createSSRApp(
    defineComponent({
      setup() {
        const text = usePlanRefusalText();
        return () => h('p', text(r));
      },
    }),
  );
  app.use(createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zhCN, en } }));
  return (await renderToString(app)).replace(/^<p>|<\/p>$/g, '');
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('plan refusals', () => {
  it('has a zh-CN and an en text for every reason, and no text for a reason that is not one, with the same placeholders', () => {
    for (const messages of [zhCN, en]) expect(Object.keys(messages.plan.refusal).sort()).toEqual([...PLAN_REFUSALS].sort());
    for (const reason of PLAN_REFUSALS) {
      const zh = zhCN.plan.refusal[reason];
      const english = en.plan.refusal[reason];
      expect(zh, reason).toMatch(/[\u4e00-\u9fff]/);
      expect(english, reason).toMatch(/[a-z]/);
      expect(placeholders(zh), reason).toEqual(placeholders(english));
    }
  });

  it('gives a reason at every place the engine refuses (src/geo, src/domain)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
      );
    const missing: string[] = [];
    let sites = 0;
    for (const f of [...files('src/geo'), ...files('src/domain')]) {
      const code = readFileSync(f, 'utf8');
      for (const m of code.matchAll(/new PlanError\(/g)) {
        // The call's arguments: up to the parenthesis that closes it (the messages' own parentheses are balanced).
        let depth = 1;
        let i = m.index + m[0].length;
        for (; depth > 0 && i < code.length; i++) depth += code[i] === '(' ? 1 : code[i] === ')' ? -1 : 0;
        sites++;
        const call = code.slice(m.index, i);
        if (!/\breason: '|, cause\)$/.test(call)) missing.push(`${f}: ${call.slice(0, 100)}`);
      }
    }
    expect(sites).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it('a merge of grids that share no border: not-adjacent, naming both', async () => {
    const s = session();
    const use = [...gridVertexUse(s.snapshot().grids.features).values()];
    const far = s
      .snapshot()
      .grids.features.map((g) => g.properties.code)
      .find((c) => c !== G1 && !use.some((v) => v.codes.includes(G1) && v.codes.includes(c)))!;
    const e = refusal(s, { op: 'merge', grids: [G1, far] });
    expect(e.reason).toBe('not-adjacent');
    expect(e.values).toEqual({ codes: far, other: G1 });
    expect(e.message).toContain('share'); // the CLI's English text is unchanged
    expect(await say(e, 'zh-CN')).toBe(`${far} 与 ${G1} 没有公共边界，不能合并`);
    expect(await say(e, 'en')).toBe(`${far} share no border with ${G1}: they cannot merge`);
    expect(s.history).toEqual([]);
  });

  it('a split line that misses the grid: line-misses-unit', () => {
    const s = session();
    const p = interiorPoint(s.snapshot().grids.features.find((g) => g.properties.code === G1)!.geometry)!;
    const e = refusal(s, { op: 'split', grid: G1, line: [[p[0] + 1, p[1]], [p[0] + 1.01, p[1]]] });
    expect(e.reason).toBe('line-misses-unit');
    expect(e.values).toEqual({ code: G1 });
  });

  it('a vertex that is not there: vertex-not-found, with the point', () => {
    const e = refusal(session(), { op: 'move-vertex', from: [100, 20], to: [100.001, 20] });
    expect(e.reason).toBe('vertex-not-found');
    expect(e.values).toEqual({ lon: 100, lat: 20 });
    expect(e.at).toEqual([100, 20]);
  });

  it('a move across another edge: edges-cross, naming the unit it would cross', async () => {
    const s = session();
    const v = innerSharedVertices(s.snapshot().grids.features, dataset)[0];
    const other = s.snapshot().grids.features.find((g) => !v.codes.includes(g.properties.code))!;
    const e = refusal(s, { op: 'move-vertex', from: v.at, to: interiorPoint(other.geometry)! });
    expect(e.reason).toBe('edges-cross');
    expect(String(e.values.other)).toMatch(/^\d+$/);
    expect(await say(e, 'zh-CN')).toBe(`边界会与 ${e.values.other} 的边相交或重叠`);
  });

  it('a vertex on the community boundary: community-vertex', () => {
    const s = session();
    const ring = dataset.community!.features[0].geometry;
    const at = (ring.type === 'Polygon' ? ring.coordinates[0][0] : ring.coordinates[0][0][0]) as [number, number];
    const e = refusal(s, { op: 'move-vertex', from: at, to: [at[0] + 1e-5, at[1]] });
    expect(e.reason).toBe('community-vertex');
    expect(e.values).toEqual({ code: dataset.community!.features[0].properties.code });
  });

  it('a refused replay keeps the reason and names the step', async () => {
    const s = session();
    const op: PlanOp = { op: 'move-vertex', from: [100, 20], to: [100.001, 20] };
    const entries = [{ ...WHO, op, effect: { added: [], retired: [], reshaped: [] } }];
    let e: unknown;
    try {
      s.replay(entries);
    } catch (err) {
      e = err;
    }
    expect(e).toBeInstanceOf(PlanError);
    expect((e as PlanError).reason).toBe('vertex-not-found');
    expect((e as PlanError).message).toMatch(/^entry 1 \(move-vertex\): /);
    expect(await say(e as PlanError, 'zh-CN')).toBe('第 1 步：此处没有可编辑的顶点');
  });

  it('a malformed call quotes its English detail', async () => {
    const e = refusal(session(), { op: 'merge', grids: [G1] });
    expect(e.reason).toBe('bad-op');
    expect(e.values.detail).toBe(e.message);
    expect(await say(e, 'zh-CN')).toBe(`操作的参数不完整或有误（${e.message}）`);
  });

  it('the plan worker sends the reason and values to the page; without a reason the page shows the message', async () => {
    const handle = createPlanHandler();
    handle({ type: 'start', id: 1, dataset, now: NOW });
    const reply = handle({ type: 'apply', id: 2, op: { op: 'move-vertex', from: [100, 20], to: [100.001, 20] }, ...WHO });
    expect(reply).toMatchObject({ ok: false, refused: true, reason: 'vertex-not-found', values: { lon: 100, lat: 20 }, at: [100, 20] });
    expect(await say({ message: 'plain English' }, 'zh-CN')).toBe('plain English');
  });
});
