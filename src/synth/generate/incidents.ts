/**
 * Twelve months of grid events, streamed in time order. Volume varies by weekday, season and grid ("activity"),
 * categories by grid and industry, and enterprises by a heavy-tailed weight, so hotspots exist. Lifecycles are
 * planned from a closing span relative to the level's limit, then cut at `asOf`.
 */
import type { Feature, Point } from 'geojson';
import { deadlineFor } from '../../domain/deadline';
import { NEAR_DUE_SHARE, SIGN_FOR_HOURS } from '../../domain/rules';
import type { Rng } from '../../domain/random';
import { formatCst } from '../../domain/time';
import {
  INCIDENT_CATEGORIES,
  type IncidentCategory,
  type IncidentLevel,
  type IncidentProps,
  type IncidentStatus,
} from '../../domain/types';
import type { Model } from './model';
import { cellRect } from './lattice';
import type { DesignToLonLat } from './warp';

export interface IncidentOptions {
  /** Expected number of incidents over the whole period. */
  total: number;
  /** The dataset's "now" (epoch ms); nothing happens after it. */
  asOf: number;
  /** Months covered, the month of asOf included. Default 12. */
  months?: number;
  /** Relative frequency of levels 1–4. Default 60 / 25 / 11 / 4. */
  levelWeights?: [number, number, number, number];
  /** Share closed after the deadline (before level adjustments). Default 0.07. */
  lateShare?: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CST = 8 * HOUR;

// Base category mix of an industrial community: safety and environment dominate, party work is rare.
const CATEGORY_BASE: Record<IncidentCategory, number> = {
  safety: 0.22,
  fire: 0.13,
  environment: 0.16,
  labour: 0.08,
  'public-order': 0.07,
  'enterprise-request': 0.15,
  facility: 0.1,
  party: 0.03,
  other: 0.06,
};
// Chance that an incident of the category is about no particular enterprise.
const NO_FIRM: Record<IncidentCategory, number> = {
  safety: 0.03,
  fire: 0.08,
  environment: 0.15,
  labour: 0.02,
  'public-order': 0.55,
  'enterprise-request': 0,
  facility: 0.75,
  party: 0.3,
  other: 0.4,
};
const INDUSTRY_BIAS: Record<string, Partial<Record<IncidentCategory, number>>> = {
  化学原料: { environment: 3, safety: 2, fire: 1.5 },
  紧固件制造: { environment: 2, safety: 1.5 },
  纺织服装: { fire: 2, labour: 1.5, environment: 1.5 },
  包装印刷: { fire: 2, environment: 1.3 },
  通用设备制造: { safety: 1.5 },
  核电关联: { safety: 1.5, 'enterprise-request': 1.5 },
  电子信息: { 'enterprise-request': 1.5 },
};
const TITLES: Record<IncidentCategory, string[]> = {
  safety: ['{f}车间安全通道堵塞', '{f}特种设备未按期检验', '{f}危化品存放不规范', '{f}员工未佩戴防护用品', '{f}配电箱线路老化', '{f}有限空间作业未审批'],
  fire: ['{f}消防通道被占用', '{f}灭火器过期未换', '{f}仓库内电动车违规充电', '{f}室外消火栓无水', '{f}疏散指示灯损坏'],
  environment: ['{f}废水排放异味', '{f}厂区露天堆放固废', '{f}废气异味扰民', '{f}危废台账不全', '{f}雨污管网混接'],
  labour: ['{f}拖欠员工工资', '{f}劳动合同纠纷', '{f}工伤赔偿争议', '{f}加班费争议'],
  'public-order': ['{p}夜间噪声扰民', '{p}货车乱停放', '{p}发现可疑人员', '{p}厂区失窃'],
  'enterprise-request': ['{f}申请招工对接', '{f}咨询技改补助政策', '{f}用电扩容需求', '{f}申请融资对接', '{f}厂房租赁信息登记'],
  facility: ['{p}路灯不亮', '{p}窨井盖破损', '{p}道路积水', '{p}绿化带损毁', '{p}垃圾清运不及时'],
  party: ['{f}党组织换届指导', '{f}党员组织关系转接', '{p}党建活动场地申请'],
  other: ['{p}流浪犬出没', '{f}企业信息变更登记', '{p}其他事项反映'],
};

interface GridSampler {
  code: string;
  name: string;
  cells: number[];
  catWeights: number[];
  /** Per category: cumulative enterprise weights over the grid's enterprises. */
  firmCum: Float64Array[];
}

/**
 * Incidents in time order; ids SJ0000001… follow that order.
 * @example for (const f of generateIncidents(rng, model, toMap, { total: 3000, asOf })) write(f)
 */
export function* generateIncidents(
  rng: Rng,
  model: Model,
  toMap: DesignToLonLat,
  options: IncidentOptions,
): Generator<Feature<Point, IncidentProps>> {
  const { total, asOf, months = 12, levelWeights = [60, 25, 11, 4], lateShare = 0.07 } = options;
  const { L } = model.layout;
  const firmWeight = model.firms.map((f) => Math.exp(rng.normal(0, 0.9)) * (f.scale === 'above' ? 1.6 : 1));
  const samplers: GridSampler[] = model.grids.map((g) => {
    const catWeights = INCIDENT_CATEGORIES.map((c) => CATEGORY_BASE[c] * Math.exp(rng.normal(0, 0.45)));
    // Some grids have a signature problem (a dyeing cluster's wastewater, a logistics yard's parking).
    if (rng.chance(0.4)) catWeights[rng.int(0, catWeights.length - 1)] *= 2.5;
    const firmCum = INCIDENT_CATEGORIES.map((c) => {
      const cum = new Float64Array(g.firms.length);
      let s = 0;
      g.firms.forEach((fi, k) => {
        s += firmWeight[fi] * (INDUSTRY_BIAS[model.firms[fi].industry]?.[c] ?? 1);
        cum[k] = s;
      });
      return cum;
    });
    return { code: g.code, name: g.name, cells: g.cells, catWeights, firmCum };
  });
  // Grid activity: log-normal, plus a few hotspot grids; one grid-month surge (an inspection campaign).
  const activity = model.grids.map(() => Math.exp(rng.normal(0, 0.55)));
  for (let k = 0; k < Math.max(1, Math.round(model.grids.length / 8)); k++) activity[rng.int(0, activity.length - 1)] *= 2.5;
  const surgeGrid = rng.int(0, model.grids.length - 1);
  const surgeMonth = rng.int(0, months - 2);

  const asOfDay = Math.floor((asOf + CST) / DAY);
  const asOfDate = new Date(asOfDay * DAY);
  const startDay = Math.floor(Date.UTC(asOfDate.getUTCFullYear(), asOfDate.getUTCMonth() - (months - 1), 1) / DAY);
  const dayWeight: number[] = [];
  for (let d = startDay; d <= asOfDay; d++) {
    const date = new Date(d * DAY);
    const wd = date.getUTCDay();
    const m = date.getUTCMonth();
    const season = m === 1 ? 0.55 : m === 0 ? 0.9 : m === 6 || m === 7 ? 1.12 : 1;
    const trend = 0.9 + (0.2 * (d - startDay)) / Math.max(1, asOfDay - startDay);
    dayWeight.push((wd === 0 ? 0.25 : wd === 6 ? 0.35 : 1) * season * trend);
  }
  const weightSum = dayWeight.reduce((a, b) => a + b, 0);
  const monthCum: Float64Array[] = [];
  for (let m = 0; m < months; m++) {
    const cum = new Float64Array(activity.length);
    let s = 0;
    activity.forEach((a, g) => {
      s += a * (g === surgeGrid && m === surgeMonth ? 3 : 1);
      cum[g] = s;
    });
    monthCum.push(cum);
  }
  let serial = 0;
  const idWidth = Math.max(7, String(Math.round(total * 1.2)).length);
  for (let d = startDay; d <= asOfDay; d++) {
    const lambda = (total * dayWeight[d - startDay]) / weightSum;
    const n = poisson(rng, lambda);
    const times: number[] = [];
    for (let k = 0; k < n; k++) {
      const t = d * DAY - CST + timeOfDay(rng);
      if (t <= asOf) times.push(Math.floor(t / 1000) * 1000);
    }
    times.sort((a, b) => a - b);
    const date = new Date(d * DAY);
    const monthIndex = (date.getUTCFullYear() - asOfDate.getUTCFullYear()) * 12 + date.getUTCMonth() - asOfDate.getUTCMonth() + months - 1;
    for (const reported of times) {
      serial++;
      const g = pickCum(rng, monthCum[monthIndex]);
      const s = samplers[g];
      const catIndex = rng.weighted(s.catWeights);
      const category = INCIDENT_CATEGORIES[catIndex];
      const firmIndex = rng.chance(NO_FIRM[category]) || s.firmCum[catIndex].length === 0 ? -1 : pickCum(rng, s.firmCum[catIndex]);
      const firm = firmIndex >= 0 ? model.firms[model.grids[g].firms[firmIndex]] : null;
      let levelIndex = rng.weighted(levelWeights);
      // Hazards escalate a little more often.
      if ((category === 'safety' || category === 'environment' || category === 'fire') && levelIndex < 3 && rng.chance(0.12)) levelIndex++;
      const level = (levelIndex + 1) as IncidentLevel;
      const props = lifecycle(rng, reported, level, asOf, lateShare);
      props.id = `SJ${String(serial).padStart(idWidth, '0')}`;
      props.category = category;
      props.gridCode = s.code;
      const place = firm ? `${firm.short}附近` : s.name;
      props.title = rng.pick(TITLES[category]).replace('{f}', firm ? firm.short : s.name).replace('{p}', place);
      // The link to the enterprise: no draw of the rng, so every other value generated stays as it was.
      if (firm) props.enterpriseId = firm.id;
      let x: number;
      let y: number;
      if (firm) {
        x = rng.float(firm.yard[0], firm.yard[2]);
        y = rng.float(firm.yard[1], firm.yard[3]);
      } else {
        const r = cellRect(L, rng.pick(s.cells));
        x = rng.float(r[0] + 8, r[2] - 8);
        y = rng.float(r[1] + 8, r[3] - 8);
      }
      yield { type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: toMap(x, y) } };
    }
  }
}

// Reports cluster in working hours (peaks mid-morning and mid-afternoon); a fifth come at any time.
function timeOfDay(rng: Rng): number {
  if (rng.chance(0.2)) return rng.float(0, DAY - 1000);
  const h = rng.chance(0.55) ? rng.normal(10, 1.4) : rng.normal(14.8, 1.6);
  return Math.min(DAY - 1000, Math.max(0, h * HOUR));
}

function poisson(rng: Rng, lambda: number): number {
  if (lambda > 40) return Math.max(0, Math.round(rng.normal(lambda, Math.sqrt(lambda))));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

function pickCum(rng: Rng, cum: Float64Array): number {
  const r = rng.next() * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Fates by one uniform draw: [0, returned) [, suspended) [, extended) [, stuck) [, 1) ordinary. Higher levels
// get suspended (挂账) and extended (延期) more often.
function fates(level: number): { returned: number; suspended: number; extended: number; stuck: number } {
  const returned = 0.006;
  const suspended = returned + 0.003 + 0.003 * level;
  const extended = suspended + 0.008 + 0.006 * level;
  return { returned, suspended, extended, stuck: extended + 0.004 };
}

const sec = (t: number): number => Math.floor(t / 1000) * 1000;

/**
 * Status and timestamps at asOf. Stages are spread over a closing span (a share of the limit), so they are ordered
 * and an on-time incident closes by its deadline; stages after asOf are cut off.
 */
function lifecycle(rng: Rng, reported: number, level: IncidentLevel, asOf: number, lateShare: number): IncidentProps {
  const deadline = deadlineFor(reported, level);
  const limit = deadline - reported;
  const fate = rng.next();
  const { returned: pReturned, suspended: pSuspended, extended: pExtended, stuck: pStuck } = fates(level);
  const late = fate >= pExtended && fate < pStuck ? true : rng.chance(lateShare + 0.02 * (level - 1));
  let span = fate < pExtended && fate >= pSuspended ? limit * rng.float(1.1, 2) : late ? limit * rng.float(1.03, 1.8) : limit * (0.12 + 0.83 * rng.next() ** 1.3);
  // Extensions (延期) granted in the last weeks are still running at asOf.
  if (fate >= pSuspended && fate < pExtended && asOf - reported < 45 * DAY) {
    span = Math.max(span, asOf - reported + limit * rng.float(0.1, 0.5));
  }
  // A backlog at asOf: most incidents in the near-due share of their limit right now are still open (near-due), as
  // work tends to finish just before the deadline. Without this a small community would show almost none.
  const elapsed = (asOf - reported) / limit;
  if (fate >= pStuck && elapsed >= 1 - NEAR_DUE_SHARE && elapsed < 1 && span <= asOf - reported && rng.chance(0.8)) {
    span = limit * rng.float(elapsed + 0.01, 1.3);
  }
  // Signed for within the limit (SIGN_FOR_HOURS), with 4 h to spare.
  const accepted = sec(reported + Math.min(span * 0.1, Math.min((SIGN_FOR_HOURS - 4) * HOUR, HOUR * -Math.log(1 - rng.next() * 0.999) * 1.5)));
  const dispatched = sec(accepted + (reported + span * 0.7 - accepted) * rng.float(0.05, 0.2));
  const resolved = sec(reported + span * rng.float(0.72, 0.85));
  const verified = sec(reported + span * rng.float(0.88, 0.96));
  const closed = sec(reported + span);
  const at = (t: number): string | null => (t <= asOf ? formatCst(t) : null);
  const props: IncidentProps = {
    id: '',
    category: 'other',
    level,
    status: 'reported',
    reportedAt: formatCst(reported),
    gridCode: '',
    acceptedAt: at(accepted),
    dispatchedAt: at(dispatched),
    resolvedAt: at(resolved),
    verifiedAt: at(verified),
    closedAt: at(closed),
    deadline: formatCst(deadline),
    supervised: false,
  };
  let status: IncidentStatus =
    closed <= asOf
      ? 'closed'
      : verified <= asOf
        ? 'verified'
        : resolved <= asOf
          ? 'resolved'
          : dispatched <= asOf
            ? asOf - dispatched > 0.3 * (resolved - dispatched)
              ? 'in-progress'
              : 'dispatched'
            : accepted <= asOf
              ? 'accepted'
              : 'reported';
  const cutAfterDispatch = (): void => {
    props.resolvedAt = props.verifiedAt = props.closedAt = null;
  };
  if (fate < pReturned) {
    // Returned to the reporter (out of scope, not enough detail): it goes no further.
    props.dispatchedAt = null;
    cutAfterDispatch();
    if (accepted <= asOf) status = 'returned';
  } else if (fate < pSuspended) {
    cutAfterDispatch();
    if (dispatched <= asOf) status = 'suspended';
  } else if (fate < pExtended) {
    // Still being worked on under an extension: the extension is the state shown, nothing resolved yet.
    if (status !== 'closed' && dispatched <= asOf) {
      status = 'extended';
      cutAfterDispatch();
    }
  } else if (fate < pStuck) {
    cutAfterDispatch();
    if (dispatched <= asOf) status = 'in-progress';
  }
  props.status = status;
  const overdue = status !== 'closed' ? asOf > deadline : closed > deadline;
  props.supervised = overdue ? rng.chance(0.35) : level >= 3 ? rng.chance(0.1) : rng.chance(0.015);
  return props;
}
