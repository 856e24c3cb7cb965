/**
 * Validation findings (issue 3): every rule has a stable id; "应" (shall) rules are errors, "宜" (should) rules
 * and data-quality problems are warnings (DOMAIN.md).
 */
import type { Geometry } from 'geojson';
import type { MemberRole } from './types';

export const RULES = {
  'invalid-geometry': 'error',
  'grid-overlap': 'error',
  'grid-gap': 'error',
  'grid-outside-boundary': 'error',
  'microgrid-overlap': 'error',
  'microgrid-outside-grid': 'error',
  'edge-mismatch': 'warning',
  'code-duplicate': 'error',
  'code-format': 'error',
  'code-parent': 'error',
  staffing: 'error',
  'grid-enterprise-count': 'warning',
  'microgrid-composition': 'warning',
  'enterprise-unassigned': 'warning',
  'enterprise-assignment': 'warning',
  'enterprise-credit-code': 'warning',
} as const;

export type RuleId = keyof typeof RULES;
export type Severity = 'error' | 'warning';

/**
 * Why a geometry is an `invalid-geometry` finding (its `reason`): the OGC classes that GEOS `isValidReason`
 * names (in the comments), plus three of ours that GEOS never sees (`wrong-type`, `empty`, `not-lonlat`).
 */
export const GEOMETRY_REASONS = [
  'wrong-type', // not a Polygon or MultiPolygon
  'empty', // a polygon with no rings
  'invalid-coordinate', // "Invalid Coordinate": a coordinate that is not a finite number
  'not-lonlat', // outside [-180, 180] × [-90, 90]: projected data
  'ring-not-closed', // "Ring is not closed" (GEOS refuses to build it)
  'too-few-points', // "Too few points in geometry component": under 4 points once repeats are dropped
  'self-intersection', // "Self-intersection": rings cross, overlap along a stretch, or cross at a shared vertex
  'ring-self-intersection', // "Ring Self-intersection": a ring touches itself at a point
  'hole-outside-shell', // "Hole lies outside shell"
  'nested-holes', // "Holes are nested"
  'disconnected-interior', // "Interior is disconnected": touching holes cut the polygon apart
  'nested-shells', // "Nested shells": a part of a MultiPolygon lies inside another
] as const;
export type GeometryReason = (typeof GEOMETRY_REASONS)[number];

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Grid/micro-grid codes involved, sorted; empty for a gap with no neighbour. */
  codes: string[];
  enterpriseId?: string;
  memberId?: string;
  areaM2?: number;
  widthM?: number;
  /** invalid-geometry only: the class of the fault (machine-readable, stable). */
  reason?: GeometryReason;
  /** The counts and codes behind the message, for a UI to say the same facts in its own language. */
  facts?: FindingFacts;
  /** English, one line; the app builds its own localized text from rule and fields. */
  message: string;
  /** GeoJSON in WGS84, or null for findings without a place. */
  geometry: Geometry | null;
}

/**
 * What a rule counted or compared, beside its English message (issue 12: the app says the same facts as the CLI).
 * Each rule fills the part that is its own; absent for rules whose codes, area and width say everything.
 */
export interface FindingFacts {
  /** `staffing` of a grid or micro-grid: each role that is off, how many there are and how many the standard asks. */
  roles?: { role: MemberRole; has: number; needs: number }[];
  /** `grid-enterprise-count`, `microgrid-composition`: what the unit holds, and the range the standard suggests. */
  enterprises?: { above: number; below: number; min: number; max: number };
  /** `staffing` of one member: the member's role and what is wrong with each unit they name. */
  member?: { role: MemberRole; problems: MemberUnitProblem[] };
  /** `enterprise-assignment`: each unit the enterprise declares and the one it lies in (null: none). */
  declared?: { unit: 'grid' | 'micro-grid'; declared: string; lies: string | null }[];
  /** `code-format`: the kind of unit and how many digits its code must have. */
  format?: { unit: 'community' | 'grid' | 'micro-grid'; digits: number };
}

/** A unit a member names: not there, not active, under another grid, or (a micro-grid leader) none named. */
export type MemberUnitProblem =
  | { unit: 'grid' | 'micro-grid'; code: string; problem: 'missing' | 'inactive' }
  | { unit: 'micro-grid'; code: string; problem: 'other-grid'; grid: string }
  | { unit: 'micro-grid'; problem: 'none' };

/** Makes a finding with the rule's severity. */
export function finding(rule: RuleId, fields: Omit<Finding, 'rule' | 'severity'>): Finding {
  return { rule, severity: RULES[rule], ...fields, codes: [...fields.codes].sort() };
}

const RULE_ORDER = Object.keys(RULES);

/** Sorted by severity (errors first), rule, then codes (DESIGN.md). */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) ||
      RULE_ORDER.indexOf(a.rule) - RULE_ORDER.indexOf(b.rule) ||
      a.codes.join(',').localeCompare(b.codes.join(',')) ||
      (a.enterpriseId ?? a.memberId ?? '').localeCompare(b.enterpriseId ?? b.memberId ?? '') ||
      (b.areaM2 ?? 0) - (a.areaM2 ?? 0),
  );
}
