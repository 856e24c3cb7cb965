/**
 * `enterprise-credit-code` (data quality, warning): an enterprise id must be a valid 18-character
 * 统一社会信用代码 (unified social credit code) with the GB 32100-2015 check character.
 */
import type { Dataset } from '../types';
import { finding, type Finding } from '../findings';
import { USCC_ALPHABET, isValidUscc, usccCheckChar } from '../uscc';
import { enterpriseLabel } from './text';

export interface CreditCodeOptions {
  /** Grid and micro-grid containing each enterprise id (geo/assign), so the finding can be filtered by unit. */
  gridOf?: ReadonlyMap<string, string | null>; // default: none (codes stays empty)
  microGridOf?: ReadonlyMap<string, string | null>; // default: none
}

/** Why an id is not a valid credit code, in a few words. @example usccProblem('91350100M000100Y40') === 'check character should be 3, not 0' */
export function usccProblem(id: string): string | null {
  if (isValidUscc(id)) return null;
  if (typeof id !== 'string' || id.length !== 18)
    return `${typeof id === 'string' ? id.length : 0} characters, not 18`;
  const bad = [...id].findIndex((ch) => !USCC_ALPHABET.includes(ch));
  if (bad >= 0)
    return `character ${id[bad]} at position ${bad + 1} is not allowed (digits and capitals without I O Z S V)`;
  return `check character should be ${usccCheckChar(id.slice(0, 17))}, not ${id[17]}`;
}

/**
 * `enterprise-credit-code`: one finding per enterprise whose id is not a valid credit code.
 * @example checkEnterpriseCreditCodes(dataset) // 'enterprise 海盐某某 (91350100M000100Y40): not a valid …'
 */
export function checkEnterpriseCreditCodes(
  dataset: Pick<Dataset, 'enterprises'>,
  options: CreditCodeOptions = {},
): Finding[] {
  const out: Finding[] = [];
  for (const e of dataset.enterprises?.features ?? []) {
    const problem = usccProblem(e.properties.id);
    if (!problem) continue;
    const codes = [options.gridOf?.get(e.properties.id), options.microGridOf?.get(e.properties.id)];
    out.push(
      finding('enterprise-credit-code', {
        codes: codes.filter((c): c is string => !!c),
        enterpriseId: e.properties.id,
        message: `${enterpriseLabel(e.properties)}: id is not a valid unified social credit code (${problem})`,
        geometry: { type: 'Point', coordinates: [...e.geometry.coordinates] },
      }),
    );
  }
  return out;
}
