/**
 * Sizing rules (issue 3, "宜" so warnings; the figures are domain/rules'): a grid should hold ENTERPRISES_PER_GRID
 * enterprises; a micro-grid should hold one above-size enterprise alone or BELOW_SIZE_PER_MICRO_GRID below-size
 * ones, a small/micro park (kind "park") being exempt. Enterprises are counted where their points lie (the
 * assignment from geo/assign), not where they say they are.
 */
import type { Dataset } from '../types';
import { finding, type Finding } from '../findings';
import { isActive } from '../lineage';
import { enterprisesByGrid, type ScaleCount } from '../stats';
import type { EnterpriseScale } from '../types';
import { plural, range } from './text';
import { ABOVE_SIZE_PER_MICRO_GRID, BELOW_SIZE_PER_MICRO_GRID, ENTERPRISES_PER_GRID } from '../rules';

/**
 * Counts by scale per unit: per feature when `unitOf` is given (a duplicated code is two units, each counted on
 * its own), else per code.
 */
function countsPerUnit(
  enterprises: { properties: { id: string; scale: EnterpriseScale } }[],
  codeOf: ReadonlyMap<string, string | null>,
  unitOf: ReadonlyMap<string, object | null> | undefined,
): (unit: { properties: { code: string } }) => ScaleCount {
  if (!unitOf) {
    const byCode = enterprisesByGrid(enterprises, codeOf);
    return (u) => byCode.get(u.properties.code) ?? { above: 0, below: 0 };
  }
  const byUnit = enterprisesByGrid(enterprises, unitOf);
  return (u) => byUnit.get(u) ?? { above: 0, below: 0 };
}

export interface GridEnterpriseCountOptions {
  /** The moment the data describes; only grids active then are counted. */
  asOf: number;
  /** Grid containing each enterprise id (geo/assign). */
  gridOf: ReadonlyMap<string, string | null>;
  /** The grid feature containing each enterprise id (geo/assign); when given, grids are counted per feature. */
  unitOf?: ReadonlyMap<string, object | null>;
  minEnterprisesPerGrid?: number; // default ENTERPRISES_PER_GRID.min (domain/rules)
  maxEnterprisesPerGrid?: number; // default ENTERPRISES_PER_GRID.max
}

/**
 * `grid-enterprise-count`: an active grid holding fewer than min or more than max enterprises.
 * @example checkGridEnterpriseCount(dataset, { asOf, gridOf }) // 'grid 330424002201003 has 27 enterprises; …'
 */
export function checkGridEnterpriseCount(
  dataset: Pick<Dataset, 'grids' | 'enterprises'>,
  options: GridEnterpriseCountOptions,
): Finding[] {
  const { asOf, gridOf, minEnterprisesPerGrid: min = ENTERPRISES_PER_GRID.min, maxEnterprisesPerGrid: max = ENTERPRISES_PER_GRID.max } = options;
  const countOf = countsPerUnit(dataset.enterprises?.features ?? [], gridOf, options.unitOf);
  const out: Finding[] = [];
  // Per code, a duplicated code is code-duplicate's finding, not two count findings of the same sum; per feature,
  // each unit carrying it is counted on its own.
  const seen = new Set<string>();
  for (const g of dataset.grids?.features ?? []) {
    const code = g.properties.code;
    if ((!options.unitOf && seen.has(code)) || !isActive(g.properties, asOf)) continue;
    seen.add(code);
    const c = countOf(g);
    const n = c.above + c.below;
    if (n >= min && n <= max) continue;
    out.push(
      finding('grid-enterprise-count', {
        codes: [code],
        facts: { enterprises: { above: c.above, below: c.below, min, max } },
        message: `grid ${code} has ${plural(n, 'enterprise')} (${c.above} above size, ${c.below} below); the standard suggests ${range(min, max)}`,
        geometry: null,
      }),
    );
  }
  return out;
}

export interface MicroGridCompositionOptions {
  /** The moment the data describes; only micro-grids active then are checked. */
  asOf: number;
  /** Micro-grid containing each enterprise id (geo/assign). */
  microGridOf: ReadonlyMap<string, string | null>;
  /** The micro-grid feature containing each enterprise id (geo/assign); when given, counted per feature. */
  unitOf?: ReadonlyMap<string, object | null>;
  minBelowPerMicroGrid?: number; // default BELOW_SIZE_PER_MICRO_GRID.min (domain/rules)
  maxBelowPerMicroGrid?: number; // default BELOW_SIZE_PER_MICRO_GRID.max
}

/**
 * `microgrid-composition`: an active micro-grid that is not a park and holds neither exactly one above-size
 * enterprise and nothing else, nor min–max below-size ones; the message says what it holds.
 * @example checkMicroGridComposition(dataset, { asOf, microGridOf }) // '… holds 1 above-size and 1 below-size …'
 */
export function checkMicroGridComposition(
  dataset: Pick<Dataset, 'microGrids' | 'enterprises'>,
  options: MicroGridCompositionOptions,
): Finding[] {
  const { asOf, microGridOf, minBelowPerMicroGrid: min = BELOW_SIZE_PER_MICRO_GRID.min, maxBelowPerMicroGrid: max = BELOW_SIZE_PER_MICRO_GRID.max } = options;
  const countOf = countsPerUnit(dataset.enterprises?.features ?? [], microGridOf, options.unitOf);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of dataset.microGrids?.features ?? []) {
    const code = m.properties.code;
    if (m.properties.kind === 'park' || (!options.unitOf && seen.has(code)) || !isActive(m.properties, asOf)) continue;
    seen.add(code);
    const { above, below } = countOf(m);
    if ((above === ABOVE_SIZE_PER_MICRO_GRID && below === 0) || (above === 0 && below >= min && below <= max)) continue;
    const holds =
      above + below === 0
        ? 'no enterprises'
        : above === 0
          ? `${plural(below, 'below-size enterprise')}`
          : below === 0
            ? `${plural(above, 'above-size enterprise')}`
            : `${above} above-size and ${below} below-size enterprises`;
    out.push(
      finding('microgrid-composition', {
        codes: [code],
        facts: { enterprises: { above, below, min, max } },
        message: `micro-grid ${code} holds ${holds}; the standard suggests one above-size enterprise alone or ${range(min, max)} below-size ones`,
        geometry: null,
      }),
    );
  }
  return out;
}
