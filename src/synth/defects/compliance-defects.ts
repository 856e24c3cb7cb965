/**
 * Defects of codes, sizing, placement, credit codes and staffing (issue 3). Each changes one unit, enterprise or
 * member and keeps every reference to it consistent, so only the documented rule fires.
 */
import polylabel from 'polylabel';
import type { Position } from 'geojson';
import type { EnterpriseFeature, GridFeature, MicroGridFeature } from '../../domain/types';
import { USCC_ALPHABET } from '../../domain/uscc';
import { ENTERPRISES_PER_GRID } from '../../domain/rules';
import { assignEnterprises } from '../../geo/assign';
import { add, dist, inRing, leftNormal, type XY } from './plane';
import type { Work } from './work';

/** Where enterprises lie now (the boundaries decide), by grid and micro-grid. */
function placement(work: Work) {
  const { grids, microGrids, enterprises } = work.data;
  const active = <F extends { properties: { validTo?: string | null } }>(fs: F[]) =>
    fs.filter((f) => !f.properties.validTo);
  const a = assignEnterprises(active(grids.features), active(microGrids.features), enterprises.features);
  const inGrid = new Map<string, EnterpriseFeature[]>();
  const inMicro = new Map<string, EnterpriseFeature[]>();
  for (const e of enterprises.features) {
    const g = a.grid.get(e.properties.id);
    const m = a.microGrid.get(e.properties.id);
    if (g) (inGrid.get(g) ?? inGrid.set(g, []).get(g)!).push(e);
    if (m) (inMicro.get(m) ?? inMicro.set(m, []).get(m)!).push(e);
  }
  return { gridOf: a.grid, microOf: a.microGrid, inGrid, inMicro };
}

const belows = (es: EnterpriseFeature[] = []) => es.filter((e) => e.properties.scale === 'below');
const activeGrids = (work: Work) => work.data.grids.features.filter((g) => !g.properties.validTo);
const microsOf = (work: Work, grid: string) =>
  work.data.microGrids.features.filter(
    (m) => m.properties.gridCode === grid && !work.used.has(m.properties.code),
  );

/** A below-size micro-grid of `grid` holding at least `min` below-size enterprises (so one can leave it). */
function belowMicro(work: Work, grid: string, inMicro: Map<string, EnterpriseFeature[]>, min: number) {
  const list = microsOf(work, grid).filter(
    (m) =>
      m.properties.kind !== 'park' &&
      belows(inMicro.get(m.properties.code)).length >= min &&
      (inMicro.get(m.properties.code) ?? []).length === belows(inMicro.get(m.properties.code)).length,
  );
  return list.length ? work.rng.pick(list) : null;
}

/** Grids sharing a border vertex with `grid`. */
function neighbours(work: Work, grid: GridFeature): string[] {
  const keys = new Set((grid.geometry.coordinates as Position[][]).flat().map((p) => `${p[0]},${p[1]}`));
  return activeGrids(work)
    .filter(
      (g) =>
        g !== grid &&
        (g.geometry.coordinates as Position[][]).flat().some((p) => keys.has(`${p[0]},${p[1]}`)),
    )
    .map((g) => g.properties.code)
    .sort();
}

/** An enterprise no defect has touched, in an untouched micro-grid. */
function freeEnterprise(work: Work, microOf: ReadonlyMap<string, string | null>): EnterpriseFeature {
  const list = work.data.enterprises.features.filter((e) => {
    const m = microOf.get(e.properties.id);
    return !work.used.has(e.properties.id) && m && !work.used.has(m);
  });
  const e = work.rng.pick(list);
  work.used.add(e.properties.id);
  return e;
}

/** grid-enterprise-count: a whole below-size micro-grid removed, with its enterprises and micro-grid leaders. */
export function injectGridEnterpriseCount(work: Work, min = ENTERPRISES_PER_GRID.min): void {
  const { inGrid, inMicro } = placement(work);
  const grids = activeGrids(work)
    .map((g) => ({ g, n: (inGrid.get(g.properties.code) ?? []).length }))
    .filter((x) => x.n >= min)
    .sort((a, b) => a.n - b.n || a.g.properties.code.localeCompare(b.g.properties.code));
  for (const { g, n } of grids) {
    const code = g.properties.code;
    const m = microsOf(work, code)
      .filter(
        (mg) => mg.properties.kind === 'below' && n - (inMicro.get(mg.properties.code) ?? []).length < min,
      )
      .sort((a, b) => a.properties.code.localeCompare(b.properties.code))[0];
    if (!m) continue;
    const mcode = m.properties.code;
    const gone = new Set((inMicro.get(mcode) ?? []).map((e) => e.properties.id));
    work.data.microGrids.features = work.data.microGrids.features.filter((f) => f !== m);
    work.data.enterprises.features = work.data.enterprises.features.filter((e) => !gone.has(e.properties.id));
    const leaders = work.data.members.filter((p) => p.microGridCode === mcode).length;
    work.data.members.splice(
      0,
      work.data.members.length,
      ...work.data.members.filter((p) => p.microGridCode !== mcode),
    );
    work.used.add(`count:${code}`);
    work.record({
      rule: 'grid-enterprise-count',
      codes: [code],
      description: {
        zh: `删除网格 ${code} 的微网格 ${mcode}（${gone.size} 家规下企业及 ${leaders} 名微网格长）：该网格企业数由 ${n} 降为 ${n - gone.size}，少于 ${min} 家。`,
        en: `Micro-grid ${mcode} of grid ${code} removed with its ${gone.size} below-size enterprises and ${leaders} micro-grid leaders: the grid holds ${n - gone.size} enterprises instead of ${n}, fewer than ${min}.`,
      },
    });
    return;
  }
  throw new Error(`no grid can be brought under ${min} enterprises by removing one micro-grid`);
}

/** microgrid-composition: a below-size enterprise moved into an above-size micro-grid of the same grid. */
export function injectMicroGridComposition(work: Work): void {
  const { inMicro } = placement(work);
  for (const g of work.rng.shuffle(activeGrids(work))) {
    const code = g.properties.code;
    const from = belowMicro(work, code, inMicro, 3);
    const to = microsOf(work, code).find((m) => {
      const es = inMicro.get(m.properties.code) ?? [];
      return m.properties.kind === 'above' && es.length === 1 && es[0].properties.scale === 'above';
    });
    if (!from || !to) continue;
    const spot = spotInside(work, to);
    if (!spot) continue;
    const e = work.rng.pick(belows(inMicro.get(from.properties.code)));
    e.geometry.coordinates = work.lonLat(spot);
    e.properties.microGridCode = to.properties.code;
    work.used.add(e.properties.id).add(from.properties.code).add(to.properties.code);
    work.record({
      rule: 'microgrid-composition',
      codes: [to.properties.code],
      at: work.site(spot),
      description: {
        zh: `规下企业 ${e.properties.name} 从微网格 ${from.properties.code} 移入规上企业微网格 ${to.properties.code}（申报同步更新）：该微网格含 1 家规上和 1 家规下企业。`,
        en: `Below-size enterprise ${e.properties.name} moved from micro-grid ${from.properties.code} into the above-size micro-grid ${to.properties.code} (declared codes updated): it holds 1 above-size and 1 below-size enterprise.`,
      },
    });
    return;
  }
  throw new Error('no grid with both a below-size micro-grid of 3+ and an above-size micro-grid');
}

/** A point well inside a micro-grid and away from its enterprises, or null. */
function spotInside(work: Work, m: MicroGridFeature): XY | null {
  const ring = work.ring(m);
  if (!ring) return null;
  const pole = polylabel([ring], 0.1) as unknown as XY & { distance: number };
  const es = work.data.enterprises.features.map((e) => work.local(e.geometry.coordinates));
  for (const [dx, dy] of [
    [0, 0],
    [6, 0],
    [-6, 0],
    [0, 6],
    [0, -6],
    [6, 6],
    [-6, -6],
  ]) {
    const p = work.stored([pole[0] + dx, pole[1] + dy]);
    if (inRing(p, ring) && es.every((q) => dist(p, q) >= 5)) return p;
  }
  return null;
}

/**
 * enterprise-unassigned: an enterprise's point moved 60 m outside the community (a geocoding slip); its declared
 * grid and micro-grid stay, so enterprise-assignment follows as a cascade.
 */
export function injectEnterpriseUnassigned(work: Work, min = ENTERPRISES_PER_GRID.min): void {
  const { inGrid, inMicro } = placement(work);
  const community = work.ring(work.data.community.features[0])!;
  const gridRings = activeGrids(work)
    .map((g) => work.ring(g))
    .filter((r): r is XY[] => !!r);
  for (const g of work.rng.shuffle(activeGrids(work))) {
    const code = g.properties.code;
    if (work.used.has(`count:${code}`) || (inGrid.get(code) ?? []).length <= min) continue;
    const from = belowMicro(work, code, inMicro, 3);
    const ring = work.ring(g);
    if (!from || !ring) continue;
    for (let i = 0; i < ring.length; i++) {
      const u = ring[(i - 1 + ring.length) % ring.length];
      const w = ring[(i + 1) % ring.length];
      let n = leftNormal(u, w);
      if (inRing(add(ring[i], n), ring)) n = [-n[0], -n[1]];
      const p = work.stored(add(ring[i], n, 60));
      if (inRing(p, community) || gridRings.some((r) => inRing(p, r)) || !work.farFromSites(p)) continue;
      const e = work.rng.pick(belows(inMicro.get(from.properties.code)));
      e.geometry.coordinates = work.lonLat(p);
      work.used.add(e.properties.id).add(from.properties.code).add(`count:${code}`);
      const at = work.site(p);
      const id = e.properties.id;
      const declared = [e.properties.gridCode, e.properties.microGridCode].filter((c): c is string => !!c);
      work.record({
        rule: 'enterprise-unassigned',
        codes: [],
        enterpriseId: id,
        at,
        description: {
          zh: `企业 ${e.properties.name}（${id}）的位置被移到社区边界外 60 米：不在任何网格内。`,
          en: `Enterprise ${e.properties.name} (${id}) moved 60 m outside the community boundary: it lies in no grid.`,
        },
      });
      work.record({
        rule: 'enterprise-assignment',
        codes: declared,
        enterpriseId: id,
        cascade: true,
        at,
        description: {
          zh: `连带：同一企业仍申报网格 ${declared.join('、')}，但位置不在其中（由上一条“企业不在任何网格”引起）。`,
          en: `Cascade of the previous defect: the same enterprise still declares ${declared.join(' and ')}, but its point lies in no grid.`,
        },
      });
      return;
    }
  }
  throw new Error('no enterprise can be moved outside the community without emptying a unit');
}

/** enterprise-assignment: an enterprise's declared gridCode changed to a neighbouring grid. */
export function injectEnterpriseAssignment(work: Work): void {
  const { gridOf, microOf } = placement(work);
  const e = freeEnterprise(work, microOf);
  const id = e.properties.id;
  const grid = gridOf.get(id)!;
  const micro = microOf.get(id)!;
  const other = neighbours(
    work,
    work.data.grids.features.find((g) => g.properties.code === grid && !g.properties.validTo)!,
  )[0];
  e.properties.gridCode = other;
  work.record({
    rule: 'enterprise-assignment',
    codes: [grid, micro, other],
    enterpriseId: id,
    at: [e.geometry.coordinates[0], e.geometry.coordinates[1]],
    description: {
      zh: `企业 ${e.properties.name}（${id}）申报的网格由 ${grid} 改为相邻网格 ${other}：申报与位置不符。`,
      en: `The declared gridCode of enterprise ${e.properties.name} (${id}) changed from ${grid} to the neighbouring grid ${other}: declaration and location disagree.`,
    },
  });
}

/** enterprise-credit-code: the check character of an enterprise's 统一社会信用代码 corrupted. */
export function injectCreditCode(work: Work): void {
  const { gridOf, microOf } = placement(work);
  const ids = new Set(work.data.enterprises.features.map((e) => e.properties.id));
  const e = freeEnterprise(work, microOf);
  const old = e.properties.id;
  const next = USCC_ALPHABET[(USCC_ALPHABET.indexOf(old[17]) + 1) % USCC_ALPHABET.length];
  const id = old.slice(0, 17) + next;
  if (ids.has(id)) throw new Error(`corrupted credit code ${id} collides with another enterprise`);
  e.properties.id = id;
  work.used.add(id);
  work.record({
    rule: 'enterprise-credit-code',
    codes: [gridOf.get(old)!, microOf.get(old)!],
    enterpriseId: id,
    at: [e.geometry.coordinates[0], e.geometry.coordinates[1]],
    description: {
      zh: `企业 ${e.properties.name} 的统一社会信用代码校验位由 ${old[17]} 改为 ${next}（${old} → ${id}）。`,
      en: `The check character of the unified social credit code of enterprise ${e.properties.name} changed from ${old[17]} to ${next} (${old} → ${id}).`,
    },
  });
}

/** staffing: a grid's instructor recorded as a second grid leader (no instructor, two leaders). */
export function injectStaffing(work: Work): void {
  for (const g of work.rng.shuffle(activeGrids(work))) {
    const code = g.properties.code;
    const instructors = work.data.members.filter((m) => m.gridCode === code && m.role === 'instructor');
    if (instructors.length !== 1 || work.used.has(instructors[0].id)) continue;
    const m = instructors[0];
    m.role = 'grid-leader';
    work.used.add(m.id);
    work.record({
      rule: 'staffing',
      codes: [code],
      description: {
        zh: `网格 ${code} 的网格指导员 ${m.name}（${m.id}）被登记为网格长：该网格没有指导员，却有 2 名网格长。`,
        en: `The instructor ${m.name} (${m.id}) of grid ${code} recorded as a grid leader: the grid has no instructor and 2 grid leaders.`,
      },
    });
    return;
  }
  throw new Error('no grid with exactly one instructor');
}

/** code-duplicate: the revoked predecessor of a grid kept in grids.geojson, its code reused by the current grid. */
export function injectCodeDuplicate(work: Work): void {
  const g = work.rng.pick(activeGrids(work));
  const code = g.properties.code;
  const from = g.properties.validFrom ?? '2025-01-01';
  const revoked: GridFeature = structuredClone(g);
  revoked.properties = {
    ...g.properties,
    name: `${g.properties.name}（已撤销）`,
    parentCodes: [],
    validFrom: '2023-01-01',
    validTo: from,
  };
  g.properties.parentCodes = [code];
  work.data.grids.features.push(revoked);
  work.record({
    rule: 'code-duplicate',
    codes: [code],
    description: {
      zh: `网格 ${code} 的前身已于 ${from} 撤销（保留在 grids.geojson 中，validTo ${from}），现行网格却沿用了同一编码（parentCodes 指向自身）：撤销的编码不得再用。`,
      en: `Grid ${code}'s predecessor was revoked on ${from} (kept in grids.geojson with validTo ${from}), yet the current grid reuses its code (parentCodes names itself): a revoked code is never reused.`,
    },
  });
}

/** Renames a micro-grid and every reference to it (enterprises, members). */
function renameMicroGrid(work: Work, m: MicroGridFeature, code: string): void {
  const old = m.properties.code;
  if (
    work.data.microGrids.features.some((f) => f.properties.code === code) ||
    work.data.grids.features.some((f) => f.properties.code === code)
  ) {
    throw new Error(`code ${code} is taken`);
  }
  m.properties.code = code;
  for (const e of work.data.enterprises.features)
    if (e.properties.microGridCode === old) e.properties.microGridCode = code;
  for (const p of work.data.members) if (p.microGridCode === old) p.microGridCode = code;
  work.used.add(code).add(old);
}

/** code-format: a micro-grid coded with a two-digit serial (17 digits instead of 18). */
export function injectCodeFormat(work: Work): void {
  const m = work.rng.pick(work.data.microGrids.features.filter((f) => !work.used.has(f.properties.code)));
  const old = m.properties.code;
  const code = `${m.properties.gridCode}${old.slice(-2)}`;
  renameMicroGrid(work, m, code);
  work.record({
    rule: 'code-format',
    codes: [code],
    description: {
      zh: `微网格 ${old} 改用两位序号编码 ${code}（17 位，应为 18 位）；企业与成员的引用同步更新。`,
      en: `Micro-grid ${old} recoded ${code} with a two-digit serial (17 digits, not 18); references from enterprises and members updated.`,
    },
  });
}

/** code-parent: a micro-grid coded under a neighbouring grid's code while it stays in its own grid. */
export function injectCodeParent(work: Work): void {
  const m = work.rng.pick(work.data.microGrids.features.filter((f) => !work.used.has(f.properties.code)));
  const old = m.properties.code;
  const grid = m.properties.gridCode;
  const other = neighbours(
    work,
    activeGrids(work).find((g) => g.properties.code === grid)!,
  )[0];
  const serials = work.data.microGrids.features
    .filter((f) => f.properties.code.startsWith(other))
    .map((f) => Number(f.properties.code.slice(other.length)) || 0);
  const code = `${other}${String(Math.max(0, ...serials) + 1).padStart(3, '0')}`;
  renameMicroGrid(work, m, code);
  work.record({
    rule: 'code-parent',
    codes: [code, grid],
    description: {
      zh: `网格 ${grid} 的微网格 ${old} 被编为相邻网格 ${other} 的下级编码 ${code}（gridCode 仍为 ${grid}）；企业与成员的引用同步更新。`,
      en: `Micro-grid ${old} of grid ${grid} recoded ${code}, under the neighbouring grid ${other} (its gridCode stays ${grid}); references from enterprises and members updated.`,
    },
  });
}
