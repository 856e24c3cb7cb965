/**
 * Imported boundaries as a planner step (issue 15): the accepted grids or micro-grids of an import become one
 * `import-boundaries` operation, which the planner opens as a new draft (its review shows the diff against the
 * dataset). The same records the CLI's `plan apply` reads.
 */
import type { Feature } from 'geojson';
import type { Areal } from '../../domain/types';
import type { BoundaryUnit, PlanOp } from '../../domain/plan/types';
import type { ImportTarget } from './pipeline';

/** The import targets a planner draft can start from, and the layer each replaces. */
export const PLANNABLE_TARGETS: Partial<Record<ImportTarget, 'grid' | 'micro'>> = {
  grids: 'grid',
  microgrids: 'micro',
};

const KINDS = new Set(['park', 'above', 'below']);

/**
 * The operation replacing the layer by `features` (contract features of `as`, as the import pipeline accepted
 * them), or null when `as` is not a planner layer or nothing was accepted.
 * @example boundaryOp(result.preview.features, 'grids', '网格.zip')?.units.length
 */
export function boundaryOp(
  features: readonly Feature[],
  as: ImportTarget,
  source: string,
): Extract<PlanOp, { op: 'import-boundaries' }> | null {
  const layer = PLANNABLE_TARGETS[as];
  if (!layer || features.length === 0) return null;
  const units = features.map((f): BoundaryUnit => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const unit: BoundaryUnit = { code: String(p.code), geometry: f.geometry as Areal };
    if (typeof p.name === 'string' && p.name !== '') unit.name = p.name;
    if (layer === 'micro' && typeof p.kind === 'string' && KINDS.has(p.kind))
      unit.kind = p.kind as BoundaryUnit['kind'];
    return unit;
  });
  return { op: 'import-boundaries', layer, units, source: source.slice(0, 200) };
}
