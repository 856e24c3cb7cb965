/**
 * A planner's draft as one mutable object (issue 11), for the app's worker and the CLI: apply operation records,
 * undo, redo, replay a saved log, and ask for the draft's units, live findings, diff and dataset at any time.
 * Pure core: no DOM, no Node; everything it returns is plain data (structured-clone friendly).
 *
 * Validation is incremental: one CoverageValidator for the whole draft, told after every step only about the units
 * that step touched (so only their community and grids are re-checked), and the compliance rules re-checked only
 * for the grids the step touched (./live-compliance).
 */
import type { FeatureCollection } from 'geojson';
import type {
  Dataset,
  DatasetFile,
  EnterpriseFeature,
  GridFeature,
  Member,
  MicroGridFeature,
} from '../../domain/types';
import { sortFindings, type Finding } from '../../domain/findings';
import { parseTime } from '../../domain/time';
import { datasetAt } from '../../domain/stats';
import { gridFigures } from '../../domain/plan/figures';
import { changesOf } from '../../domain/plan/changes';
import { PlanError, type ChangeLogEntry, type Changes, type GridFigures, type PlanOp, type PlanStatus } from '../../domain/plan/types';
import { CoverageValidator } from '../coverage/validate-coverage';
import { arealArea } from './area';
import { LiveCompliance } from './live-compliance';
import { sameShape } from './same-shape';
import {
  applyOp,
  createPlan,
  isPlanDate,
  liveFeatures,
  revertOp,
  type PlanInverse,
  type PlanOptions,
  type PlanState,
} from './engine';

export interface PlanSessionOptions extends PlanOptions {
  /** Coverage pieces narrower than this many metres are not findings. Default COVERAGE_TOLERANCE_M (domain/rules). */
  tolerance?: number;
}

/** Who made a change, when, and why (the log entry's fields besides the operation). */
export interface PlanAuthor {
  who: string;
  /** ISO 8601 with offset. */
  at: string;
  reason?: string;
}

/** The draft's units in force, as the map draws them. */
export interface PlanSnapshot {
  grids: FeatureCollection<GridFeature['geometry'], GridFeature['properties']>;
  microGrids: FeatureCollection<MicroGridFeature['geometry'], MicroGridFeature['properties']>;
}

const areas = new WeakMap<object, number>();
/** Areas in one projection per draft (the latitude of the topology's centre), so pieces add up to the whole. */
function areaOf(state: PlanState, f: GridFeature): number {
  let a = areas.get(f.geometry);
  if (a === undefined) areas.set(f.geometry, (a = arealArea(f.geometry, state.context.centreLat)));
  return a;
}

/** Per-grid figures of the grids in `codes` that are in force in `state`. */
function figuresOf(state: PlanState, codes: ReadonlySet<string>): Map<string, GridFigures> {
  const enterprises = new Map<string, EnterpriseFeature['properties'][]>();
  const micro = new Map<string, { kind?: string }[]>();
  const members = new Map<string, Member[]>();
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (const e of state.enterprises) {
    const g = e.properties.gridCode;
    if (g && codes.has(g)) push(enterprises, g, e.properties);
  }
  for (const u of state.units.values()) {
    if (u.layer !== 'micro' || !u.live) continue;
    const g = (u.feature as MicroGridFeature).properties.gridCode;
    if (codes.has(g)) push(micro, g, u.feature.properties as { kind?: string });
  }
  for (const m of state.members) if (codes.has(m.gridCode)) push(members, m.gridCode, m);
  const out = new Map<string, GridFigures>();
  for (const code of codes) {
    const u = state.units.get(code);
    if (!u || u.layer !== 'grid' || !u.live) continue;
    out.set(
      code,
      gridFigures({
        enterprises: enterprises.get(code) ?? [],
        microGrids: micro.get(code) ?? [],
        members: members.get(code) ?? [],
        area: areaOf(state, u.feature as GridFeature),
      }),
    );
  }
  return out;
}

/**
 * @example
 * const s = new PlanSession(dataset, { now: Date.now() });
 * s.apply({ op: 'merge', grids: ['330424002012001', '330424002012002'] }, { who: '李', at: '2026-11-21T09:00+08:00' });
 * s.status().changes.added // ['330424002012012', …]
 */
export class PlanSession {
  private readonly start: PlanState;
  private state: PlanState;
  private log: ChangeLogEntry[] = [];
  /** Per log entry: the inverse and the codes it touched (valid for entries before the cursor). */
  private steps: { inverse: PlanInverse; touched: string[] }[] = [];
  private at = 0;
  private validator: CoverageValidator;
  private readonly tolerance?: number;
  private readonly now: number;
  private readonly baseFigures = new Map<string, GridFigures | null>();
  private readonly compliance = new LiveCompliance();

  constructor(dataset: Dataset, options: PlanSessionOptions) {
    this.start = this.state = createPlan(dataset, options);
    this.tolerance = options.tolerance;
    this.now = options.now;
    this.validator = this.newValidator();
  }

  private newValidator(): CoverageValidator {
    return new CoverageValidator(
      { communities: this.state.context.base.community?.features ?? [], grids: liveFeatures(this.state, 'grid'), microGrids: liveFeatures(this.state, 'micro') },
      { tolerance: this.tolerance },
    );
  }

  /** The effective date of the draft's changes (YYYY-MM-DD). */
  get effective(): string {
    return this.state.context.effective;
  }

  /** The change log; entries from `cursor` on are the redo stack. Copies: editing them changes nothing. */
  get history(): ChangeLogEntry[] {
    return this.log.map((e) => ({ ...e }));
  }

  get cursor(): number {
    return this.at;
  }

  get canUndo(): boolean {
    return this.at > 0;
  }

  get canRedo(): boolean {
    return this.at < this.log.length;
  }

  /** The current state (read only; for the engine's functions and tests). */
  get current(): PlanState {
    return this.state;
  }

  /**
   * Tells the validator the new state of every unit a step touched (from `before` to the current state), and the
   * live compliance which grids to re-check: those of the touched units, of the enterprises that moved and of the
   * members who changed, on both sides.
   */
  private revalidate(before: PlanState, touched: Iterable<string>): void {
    const after = this.state;
    const grids: GridFeature[] = [];
    const microGrids: MicroGridFeature[] = [];
    const removed: string[] = [];
    const dirty: (string | null | undefined)[] = [];
    const gridOfUnit = (s: PlanState, code: string) => {
      const u = s.units.get(code);
      return u?.layer === 'micro' ? (u.feature as MicroGridFeature).properties.gridCode : u ? code : undefined;
    };
    const gridOfMicro = (code: string | undefined) => (code ? (gridOfUnit(after, code) ?? gridOfUnit(before, code)) : undefined);
    for (const code of new Set(touched)) {
      const u = after.units.get(code);
      if (!u?.live) removed.push(code);
      else if (u.layer === 'grid') grids.push(u.feature as GridFeature);
      else microGrids.push(u.feature as MicroGridFeature);
      dirty.push(gridOfUnit(before, code), gridOfUnit(after, code));
    }
    this.validator.update({ grids, microGrids, removed });
    if (before.enterprises !== after.enterprises) {
      after.enterprises.forEach((e, i) => {
        const b = before.enterprises[i];
        if (b === e) return;
        // No grid (null) is a bucket of its own: enterprises in none.
        dirty.push(b.properties.gridCode ?? null, e.properties.gridCode ?? null, gridOfMicro(b.properties.microGridCode), gridOfMicro(e.properties.microGridCode));
      });
    }
    if (before.members !== after.members) {
      after.members.forEach((m, i) => {
        const b = before.members[i];
        if (b === m) return;
        dirty.push(b.gridCode, m.gridCode, gridOfMicro(b.microGridCode), gridOfMicro(m.microGridCode));
      });
    }
    this.compliance.touch(dirty.filter((g) => g !== undefined));
  }

  /**
   * Applies one operation and records it (the redo stack is dropped). Throws PlanError, the draft unchanged, when
   * the operation cannot apply.
   */
  apply(op: PlanOp, author: PlanAuthor): ChangeLogEntry {
    const before = this.state;
    const r = applyOp(before, op);
    this.state = r.state;
    this.log.length = this.at;
    this.steps.length = this.at;
    const entry: ChangeLogEntry = { op, who: author.who, at: author.at, effect: r.effect };
    if (author.reason !== undefined) entry.reason = author.reason;
    this.log.push(entry);
    this.steps.push({ inverse: r.inverse, touched: r.touched });
    this.at++;
    this.revalidate(before, r.touched);
    return { ...entry };
  }

  /** Takes the last applied operation back; false when there is none. */
  undo(): boolean {
    if (!this.canUndo) return false;
    const step = this.steps[--this.at];
    const before = this.state;
    this.state = revertOp(before, step.inverse);
    this.revalidate(before, step.touched);
    return true;
  }

  /** Applies the next operation of the redo stack again (same codes: allocation is deterministic). */
  redo(): boolean {
    if (!this.canRedo) return false;
    const before = this.state;
    const r = applyOp(before, this.log[this.at].op);
    this.state = r.state;
    this.steps[this.at] = { inverse: r.inverse, touched: r.touched };
    this.at++;
    this.revalidate(before, r.touched);
    return true;
  }

  /**
   * Replaces the draft by a saved log (a draft restored, a proposal opened): every entry applied from the starting
   * dataset, then undone back to `cursor`. Throws PlanError naming the entry that cannot apply (say the dataset
   * changed since); the draft is then unchanged.
   */
  replay(entries: readonly ChangeLogEntry[], cursor = entries.length): void {
    if (!Number.isInteger(cursor) || cursor < 0 || cursor > entries.length) {
      throw new PlanError(`cursor ${cursor} is not between 0 and ${entries.length}`, undefined, { reason: 'bad-op' });
    }
    let state = this.start;
    const steps: { inverse: PlanInverse; touched: string[] }[] = [];
    const log: ChangeLogEntry[] = [];
    entries.forEach((e, i) => {
      try {
        const r = applyOp(state, e.op);
        state = r.state;
        steps.push({ inverse: r.inverse, touched: r.touched });
        log.push({ ...e, effect: r.effect });
      } catch (err) {
        if (err instanceof PlanError) {
          const cause = err.reason ? { reason: err.reason, values: { ...err.values, entry: i + 1 } } : undefined;
          throw new PlanError(`entry ${i + 1} (${e.op.op}): ${err.message}`, err.at, cause);
        }
        throw err;
      }
    });
    for (let i = entries.length - 1; i >= cursor; i--) state = revertOp(state, steps[i].inverse);
    this.state = state;
    this.log = log;
    this.steps = steps;
    this.at = cursor;
    this.validator = this.newValidator();
    this.compliance.reset();
  }

  /** The draft's grids and micro-grids in force (shared coordinates are the same numbers on both sides). */
  snapshot(): PlanSnapshot {
    return {
      grids: { type: 'FeatureCollection', features: liveFeatures(this.state, 'grid') },
      microGrids: { type: 'FeatureCollection', features: liveFeatures(this.state, 'micro') },
    };
  }

  /** Codes touched by the applied operations (before the cursor). */
  private touched(): Set<string> {
    const out = new Set<string>();
    for (let i = 0; i < this.at; i++) for (const c of this.steps[i].touched) out.add(c);
    return out;
  }

  private figuresBefore(code: string): GridFigures | null {
    if (!this.baseFigures.has(code)) this.baseFigures.set(code, figuresOf(this.start, new Set([code])).get(code) ?? null);
    return this.baseFigures.get(code)!;
  }

  /** The diff against the starting dataset (changes.json). */
  changes(): Changes {
    const touched = this.touched();
    const start = this.start;
    const now = this.state;
    const gridOfMicro = (code: string) => {
      const u = now.units.get(code) ?? start.units.get(code);
      return u?.layer === 'micro' ? (u.feature as MicroGridFeature).properties.gridCode : undefined;
    };
    const extraGrids = new Set<string>();
    for (const c of touched) extraGrids.add(gridOfMicro(c) ?? c);
    for (let i = 0; i < this.at; i++) {
      const op = this.log[i].op;
      if (op.op === 'assign-member') {
        const before = start.members.find((m) => m.id === op.memberId);
        if (before) extraGrids.add(before.gridCode);
      }
    }
    const moved: { id: string; before: string | null; after: string | null }[] = [];
    if (now.enterprises !== start.enterprises) {
      now.enterprises.forEach((e, i) => {
        const b = start.enterprises[i].properties.gridCode ?? null;
        const a = e.properties.gridCode ?? null;
        if (a !== b) moved.push({ id: e.properties.id, before: b, after: a });
      });
    }
    // Every grid a row can name, measured in one pass over each state (not one pass per grid).
    const rows = new Set(extraGrids);
    for (const m of moved) for (const g of [m.before, m.after]) if (g) rows.add(g);
    const after = figuresOf(now, rows);
    const missing = new Set([...rows].filter((g) => !this.baseFigures.has(g)));
    if (missing.size) {
      const found = figuresOf(start, missing);
      for (const g of missing) this.baseFigures.set(g, found.get(g) ?? null);
    }
    const live = (s: PlanState) => (code: string) => s.units.get(code)?.live === true;
    return changesOf({
      inForceBefore: live(start),
      inForceAfter: live(now),
      touched,
      reshaped: (code) => !sameShape(start.units.get(code)!.feature.geometry, now.units.get(code)!.feature.geometry),
      enterprises: moved,
      extraGrids,
      gridOfMicro,
      figuresBefore: (code) => this.figuresBefore(code),
      figuresAfter: (code) => after.get(code) ?? null,
    });
  }

  /** The moment the draft is checked at: asOf, or the start of the effective day when that is later. */
  private checkedAt(): number {
    const { asOf, effective } = this.state.context;
    return Math.max(asOf, parseTime(effective));
  }

  /** The draft as a dataset for the compliance rules (communities carrying the moment it is checked at). */
  private complianceView(): Dataset {
    const d = this.dataset();
    const t = this.checkedAt();
    return t === this.state.context.asOf ? d : datasetAt(d, t);
  }

  /** Live findings (coverage and compliance, both re-checking only what changed), their counts, and the diff. */
  status(): PlanStatus {
    const compliance = this.compliance.findings(this.complianceView(), this.now);
    const findings: Finding[] = sortFindings([...this.validator.findings(), ...compliance]);
    const errors = findings.filter((f) => f.severity === 'error').length;
    return { findings, errors, warnings: findings.length - errors, changes: this.changes() };
  }

  /**
   * The draft as a dataset: grids and micro-grids with history and lineage (retired units keep their last geometry
   * and get validTo), enterprises' gridCode / microGridCode by the new boundaries, members as assigned; every other
   * file as it was. `effective` (YYYY-MM-DD) re-stamps the dates of the units the draft added and retired.
   */
  dataset(effective?: string): Dataset {
    if (effective !== undefined && !isPlanDate(effective)) throw new PlanError(`the effective date must be YYYY-MM-DD, got "${effective}"`, undefined, { reason: 'bad-date', values: { value: effective } });
    const ctx = this.state.context;
    const base = ctx.base;
    const units = this.state.units;
    const restamp = effective !== undefined && effective !== ctx.effective;
    const stampOf = <F extends GridFeature | MicroGridFeature>(f: F): F => {
      if (!restamp) return f;
      const p = { ...f.properties };
      const isNew = !ctx.baseCodes.has(p.code);
      if (isNew && p.validFrom === ctx.effective) p.validFrom = effective;
      if ((isNew || this.start.units.get(p.code)?.live) && p.validTo === ctx.effective) p.validTo = effective;
      return { ...f, properties: p };
    };
    const layer = <F extends GridFeature | MicroGridFeature>(baseFeatures: F[], l: 'grid' | 'micro'): F[] => {
      const out: F[] = [];
      for (const f of baseFeatures) {
        const u = units.get(f.properties.code);
        // A base unit in force has its record in the draft; one retired before the draft stays as it was.
        out.push(u && this.start.units.get(f.properties.code)?.feature.properties === f.properties ? stampOf(u.feature as F) : f);
      }
      for (const [code, u] of units) if (u.layer === l && !ctx.baseCodes.has(code)) out.push(stampOf(u.feature as F));
      return out;
    };
    const d: Dataset = { ...base };
    const files = new Set<DatasetFile>(base.manifest.files);
    d.grids = { ...base.grids!, features: layer(base.grids?.features ?? [], 'grid') };
    const micro = layer(base.microGrids?.features ?? [], 'micro');
    if (base.microGrids || micro.length) {
      d.microGrids = { type: 'FeatureCollection', ...base.microGrids, features: micro };
      files.add('microgrids.geojson');
    }
    if (base.enterprises) d.enterprises = { ...base.enterprises, features: [...this.state.enterprises] };
    if (base.members) d.members = [...this.state.members];
    d.manifest = { ...base.manifest, files: [...files] };
    return d;
  }
}
