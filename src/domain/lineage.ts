/**
 * Lineage of grids and micro-grids (DOMAIN.md, "Adjustment"): after a split, merge or revocation the old unit keeps
 * its feature with `validTo` set and new units get new codes with `validFrom`. Counting, composition and staffing
 * rules look only at the units active at `asOf`.
 */
import type { LineageProps } from './types';
import { parseTime } from './time';

/**
 * True when the unit is in force at `asOf`: `validFrom` absent or ≤ asOf, and `validTo` absent or > asOf.
 * A date that does not parse is ignored here (io/schema reports it), so a typo never silently retires a unit.
 * @example isActive({ validFrom: '2025-01-01', validTo: null }, Date.parse('2026-03-20T12:00+08:00')) === true
 */
export function isActive(props: LineageProps, asOf: number): boolean {
  const from = props.validFrom ? parseTime(props.validFrom) : NaN;
  const to = props.validTo ? parseTime(props.validTo) : NaN;
  return !(from > asOf) && !(to <= asOf);
}

/**
 * The features active at `asOf`, in their order; e.g. to assign enterprises to current units only.
 * @example assignEnterprises(activeFeatures(grids.features, asOf), activeFeatures(microGrids.features, asOf), es)
 */
export function activeFeatures<F extends { properties: LineageProps }>(features: F[], asOf: number): F[] {
  return features.filter((f) => isActive(f.properties, asOf));
}

/**
 * The moment a dataset's units are checked at: `asOf`, or, when the dataset holds units that take effect after it (a
 * planned version: a proposal approved with a later effective date), the latest moment one of them takes effect.
 * A planned version replaces some units on its effective date and reshapes others in place (a reshape keeps its code
 * and is not versioned), so only from that date on do its units fit together; before it, old and new borders mix.
 * The planner checks its draft at the same moment (max of asOf and the effective date).
 * @example checkMoment([{ properties: { validFrom: '2026-12-15' } }], Date.parse('2026-11-20T17:00+08:00')) // 2026-12-15 00:00 CST
 */
export function checkMoment(units: Iterable<{ properties: LineageProps }>, asOf: number): number {
  let at = asOf;
  for (const u of units) {
    const from = u.properties.validFrom ? parseTime(u.properties.validFrom) : NaN;
    if (from > at) at = from;
  }
  return at;
}
