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
