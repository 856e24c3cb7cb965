/**
 * Code rules (issue 3): every grid and micro-grid has a unique, well-formed code that extends its parent's code
 * (DOMAIN.md, "Codes"). These look at every feature, revoked ones included: a revoked code stays taken forever.
 */
import type { Dataset } from '../types';
import { finding, type Finding } from '../findings';
import { isCommunityCode, isGridCode, isMicroGridCode } from '../codes';
import { isActive } from '../lineage';

type Unit = {
  kind: 'community' | 'grid' | 'micro-grid';
  code: string;
  name?: string;
  validTo?: string | null;
};

const codeOf = (p: { code?: unknown } | null | undefined): string =>
  typeof p?.code === 'string' ? p.code : '';

/**
 * `code-duplicate`: one finding per code carried by two or more grids or micro-grids (a micro-grid code equal to a
 * grid code included), including a revoked unit whose code was reused.
 * @example checkCodeDuplicates({ grids, microGrids }) // [{ rule: 'code-duplicate', codes: ['330424002201003'], … }]
 */
export function checkCodeDuplicates(dataset: Pick<Dataset, 'grids' | 'microGrids'>): Finding[] {
  const byCode = new Map<string, Unit[]>();
  const add = (u: Unit) => (byCode.get(u.code) ?? byCode.set(u.code, []).get(u.code)!).push(u);
  for (const f of dataset.grids?.features ?? []) {
    add({
      kind: 'grid',
      code: codeOf(f.properties),
      name: f.properties?.name,
      validTo: f.properties?.validTo,
    });
  }
  for (const f of dataset.microGrids?.features ?? []) {
    add({
      kind: 'micro-grid',
      code: codeOf(f.properties),
      name: f.properties?.name,
      validTo: f.properties?.validTo,
    });
  }
  const out: Finding[] = [];
  for (const [code, units] of byCode) {
    if (units.length < 2 || code === '') continue; // a missing code is the schema's business
    const list = units
      .map((u) => `${u.kind}${u.name ? ` ${u.name}` : ''}${u.validTo ? ` (revoked ${u.validTo})` : ''}`)
      .join(', ');
    const revoked = units.some((u) => u.validTo);
    out.push(
      finding('code-duplicate', {
        codes: [code],
        message:
          `code ${code} is used by ${units.length} units: ${list}` +
          (revoked ? '; a code is never reused after revocation' : '; every unit needs its own code'),
        geometry: null,
      }),
    );
  }
  return out;
}

/**
 * `code-format`: community 12 digits, grid 15 digits, micro-grid 18 digits.
 * @example checkCodeFormat({ community, grids, microGrids }) // grid "33042400220100" → 'is not 15 digits'
 */
export function checkCodeFormat(dataset: Pick<Dataset, 'community' | 'grids' | 'microGrids'>): Finding[] {
  const out: Finding[] = [];
  const check = (kind: 'community' | 'grid' | 'micro-grid', code: string, ok: (c: string) => boolean, digits: number) => {
    if (!ok(code)) {
      out.push(
        finding('code-format', {
          codes: [code],
          facts: { format: { unit: kind, digits } },
          message: `${kind} code "${code}" is not ${digits} digits`,
          geometry: null,
        }),
      );
    }
  };
  for (const f of dataset.community?.features ?? [])
    check('community', codeOf(f.properties), isCommunityCode, 12);
  for (const f of dataset.grids?.features ?? []) check('grid', codeOf(f.properties), isGridCode, 15);
  for (const f of dataset.microGrids?.features ?? [])
    check('micro-grid', codeOf(f.properties), isMicroGridCode, 18);
  return out;
}

export interface CodeParentOptions {
  /** The moment the data describes; when given, an active micro-grid whose grid is no longer active is a finding. */
  asOf?: number; // default: undefined (only existence is checked)
}

/**
 * `code-parent`: a micro-grid's code extends its gridCode and that grid exists (and is active while the micro-grid
 * is, when asOf is given); a grid's code extends its community's code (communityCode, else the community whose
 * code starts it), that community exists in community.geojson, and a communityCode agrees with the code's prefix.
 * Checks against a file that is absent from the dataset are skipped.
 * @example checkCodeParents({ community, grids, microGrids }) // micro-grid 330424002201009001 → 'grid … not in grids'
 */
export function checkCodeParents(
  dataset: Pick<Dataset, 'community' | 'grids' | 'microGrids'>,
  options: CodeParentOptions = {},
): Finding[] {
  const out: Finding[] = [];
  const communities = dataset.community
    ? new Set(dataset.community.features.map((f) => codeOf(f.properties)))
    : null;
  const gridFeatures = dataset.grids?.features;
  const gridsByCode = new Map<string, { validFrom?: string; validTo?: string | null }[]>();
  for (const g of gridFeatures ?? []) {
    const code = codeOf(g.properties);
    (gridsByCode.get(code) ?? gridsByCode.set(code, []).get(code)!).push(g.properties);
  }
  const push = (codes: string[], message: string) =>
    out.push(finding('code-parent', { codes, message, geometry: null }));

  if (communities) {
    for (const g of gridFeatures ?? []) {
      const code = codeOf(g.properties);
      const declared = g.properties?.communityCode;
      if (declared) {
        if (!code.startsWith(declared) || code.length <= declared.length) {
          push(
            [code],
            `grid ${code} names community ${declared}, but its code does not extend that community's code`,
          );
        } else if (!communities.has(declared)) {
          push([code], `grid ${code} names community ${declared}, which is not in community.geojson`);
        }
      } else if (![...communities].some((c) => c !== '' && code.startsWith(c) && code.length > c.length)) {
        push(
          [code],
          `grid ${code} starts with no community code in community.geojson (${[...communities].join(', ')})`,
        );
      }
    }
  }

  if (gridFeatures) {
    const { asOf } = options;
    for (const m of dataset.microGrids?.features ?? []) {
      const code = codeOf(m.properties);
      const gridCode = typeof m.properties?.gridCode === 'string' ? m.properties.gridCode : '';
      if (!code.startsWith(gridCode) || code.length <= gridCode.length) {
        push(
          [code, gridCode].filter(Boolean),
          `micro-grid ${code} names grid ${gridCode || '(none)'}, but its code does not extend that grid's code`,
        );
        continue;
      }
      const grids = gridsByCode.get(gridCode);
      if (!grids) {
        push([code, gridCode], `micro-grid ${code} names grid ${gridCode}, which is not in grids.geojson`);
      } else if (
        asOf !== undefined &&
        isActive(m.properties, asOf) &&
        !grids.some((g) => isActive(g, asOf))
      ) {
        const to = grids
          .map((g) => g.validTo)
          .filter(Boolean)
          .join(', ');
        push(
          [code, gridCode],
          `micro-grid ${code} is active, but its grid ${gridCode} is not (revoked ${to || 'or not yet valid'})`,
        );
      }
    }
  }
  return out;
}
