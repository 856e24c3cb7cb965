/**
 * Placement rules (issue 3, warnings): where an enterprise's point lies decides its grid and micro-grid
 * (DOMAIN.md); an enterprise in no unit, or one that declares another unit than where it lies, is a finding.
 * Enterprise findings carry the codes of the units the point lies in (and, for a disagreement, the declared ones).
 */
import type { Point } from 'geojson';
import type { Dataset } from '../types';
import { finding, type Finding, type FindingFacts } from '../findings';
import { enterpriseLabel } from './text';

export interface PlacementOptions {
  /** Grid containing each enterprise id (geo/assign); a missing id counts as "in no grid". */
  gridOf: ReadonlyMap<string, string | null>;
  /** Micro-grid containing each enterprise id (geo/assign). */
  microGridOf: ReadonlyMap<string, string | null>;
}

const pointOf = (g: Point): Point => ({ type: 'Point', coordinates: [...g.coordinates] });

/**
 * `enterprise-unassigned`: an enterprise inside no grid, or inside a grid but in no micro-grid.
 * @example checkEnterpriseUnassigned(dataset, { gridOf, microGridOf }) // '… lies in grid 330424002201001 but in no micro-grid'
 */
export function checkEnterpriseUnassigned(
  dataset: Pick<Dataset, 'enterprises'>,
  options: PlacementOptions,
): Finding[] {
  const out: Finding[] = [];
  for (const e of dataset.enterprises?.features ?? []) {
    const grid = options.gridOf.get(e.properties.id) ?? null;
    const micro = options.microGridOf.get(e.properties.id) ?? null;
    if (grid && micro) continue;
    const who = enterpriseLabel(e.properties);
    const message = !grid
      ? `${who} lies in no grid${micro ? ` (only in micro-grid ${micro}, which reaches outside its grid)` : ''}`
      : `${who} lies in grid ${grid} but in no micro-grid`;
    out.push(
      finding('enterprise-unassigned', {
        codes: [grid, micro].filter((c): c is string => !!c),
        enterpriseId: e.properties.id,
        message,
        geometry: pointOf(e.geometry),
      }),
    );
  }
  return out;
}

/**
 * `enterprise-assignment`: a declared gridCode or microGridCode that differs from the unit the point lies in
 * (checked only when declared). One finding per enterprise, naming both disagreements when there are two.
 * @example checkEnterpriseAssignment(dataset, { gridOf, microGridOf }) // '… declares grid …001 but lies in grid …002'
 */
export function checkEnterpriseAssignment(
  dataset: Pick<Dataset, 'enterprises'>,
  options: PlacementOptions,
): Finding[] {
  const out: Finding[] = [];
  for (const e of dataset.enterprises?.features ?? []) {
    const p = e.properties;
    const grid = options.gridOf.get(p.id) ?? null;
    const micro = options.microGridOf.get(p.id) ?? null;
    const parts: string[] = [];
    const declared: NonNullable<FindingFacts['declared']> = [];
    if (p.gridCode && p.gridCode !== grid) {
      parts.push(`declares grid ${p.gridCode} but lies in ${grid ? `grid ${grid}` : 'no grid'}`);
      declared.push({ unit: 'grid', declared: p.gridCode, lies: grid });
    }
    if (p.microGridCode && p.microGridCode !== micro) {
      declared.push({ unit: 'micro-grid', declared: p.microGridCode, lies: micro });
      parts.push(
        `declares micro-grid ${p.microGridCode} but lies in ${micro ? `micro-grid ${micro}` : 'no micro-grid'}`,
      );
    }
    if (parts.length === 0) continue;
    const codes = new Set([grid, micro, p.gridCode, p.microGridCode].filter((c): c is string => !!c));
    out.push(
      finding('enterprise-assignment', {
        codes: [...codes],
        enterpriseId: p.id,
        facts: { declared },
        message: `${enterpriseLabel(p)} ${parts.join(', and ')}`,
        geometry: pointOf(e.geometry),
      }),
    );
  }
  return out;
}
