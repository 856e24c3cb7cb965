/**
 * Validation findings (issue 3): every rule has a stable id; "应" (shall) rules are errors, "宜" (should) rules
 * and data-quality problems are warnings (DOMAIN.md).
 */
import type { Geometry } from 'geojson';

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

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** Grid/micro-grid codes involved, sorted; empty for a gap with no neighbour. */
  codes: string[];
  enterpriseId?: string;
  memberId?: string;
  areaM2?: number;
  widthM?: number;
  /** English, one line; the app builds its own localized text from rule and fields. */
  message: string;
  /** GeoJSON in WGS84, or null for findings without a place. */
  geometry: Geometry | null;
}

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
