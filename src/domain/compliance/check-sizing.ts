/**
 * Sizing rules (issue 3, "宜" so warnings): a grid should hold 30–50 enterprises; a micro-grid should hold one
 * above-size enterprise alone or 2–5 below-size ones, a small/micro park (kind "park") being exempt. Enterprises
 * are counted where their points lie (the assignment from geo/assign), not where they say they are.
 */
import type { Dataset } from '../types';
import { finding, type Finding } from '../findings';
import { isActive } from '../lineage';
import { enterprisesByGrid } from '../stats';
import { plural, range } from './text';

export interface GridEnterpriseCountOptions {
  /** The moment the data describes; only grids active then are counted. */
  asOf: number;
  /** Grid containing each enterprise id (geo/assign). */
  gridOf: ReadonlyMap<string, string | null>;
  minEnterprisesPerGrid?: number; // default 30 (standard: 宜按照30家~50家企业数为单位)
  maxEnterprisesPerGrid?: number; // default 50
}

/**
 * `grid-enterprise-count`: an active grid holding fewer than min or more than max enterprises.
 * @example checkGridEnterpriseCount(dataset, { asOf, gridOf }) // 'grid 330424002201003 has 27 enterprises; …'
 */
export function checkGridEnterpriseCount(
  dataset: Pick<Dataset, 'grids' | 'enterprises'>,
  options: GridEnterpriseCountOptions,
): Finding[] {
  const { asOf, gridOf, minEnterprisesPerGrid: min = 30, maxEnterprisesPerGrid: max = 50 } = options;
  const counts = enterprisesByGrid(dataset.enterprises?.features ?? [], gridOf);
  const out: Finding[] = [];
  const seen = new Set<string>(); // a duplicated code is code-duplicate's finding, not two count findings
  for (const g of dataset.grids?.features ?? []) {
    const code = g.properties.code;
    if (seen.has(code) || !isActive(g.properties, asOf)) continue;
    seen.add(code);
    const c = counts.get(code) ?? { above: 0, below: 0 };
    const n = c.above + c.below;
    if (n >= min && n <= max) continue;
    out.push(
      finding('grid-enterprise-count', {
        codes: [code],
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
  minBelowPerMicroGrid?: number; // default 2 (standard: 每2~5家规下企业)
  maxBelowPerMicroGrid?: number; // default 5
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
  const { asOf, microGridOf, minBelowPerMicroGrid: min = 2, maxBelowPerMicroGrid: max = 5 } = options;
  const counts = enterprisesByGrid(dataset.enterprises?.features ?? [], microGridOf);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const m of dataset.microGrids?.features ?? []) {
    const code = m.properties.code;
    if (m.properties.kind === 'park' || seen.has(code) || !isActive(m.properties, asOf)) continue;
    seen.add(code);
    const { above, below } = counts.get(code) ?? { above: 0, below: 0 };
    if ((above === 1 && below === 0) || (above === 0 && below >= min && below <= max)) continue;
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
        message: `micro-grid ${code} holds ${holds}; the standard suggests one above-size enterprise alone or ${range(min, max)} below-size ones`,
        geometry: null,
      }),
    );
  }
  return out;
}
