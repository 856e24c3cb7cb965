/**
 * 统一社会信用代码 (unified social credit identifier), GB 32100-2015: 18 characters =
 * registration authority (1) + organisation type (1) + region code (6) + organisation code (9, GB 11714) +
 * check character (1). The alphabet has 31 characters: digits and capitals without I, O, Z, S, V.
 */
import type { Rng } from './random';

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
// GB 11714 organisation code: 8 characters + 1 check character with these weights, modulus 11.
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];
const ORG_BODY = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * The check character for the first 17 characters, or null if one of them is outside the alphabet.
 * @example usccCheckChar('91350100M000100Y4') === '3'
 */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]);
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return USCC_ALPHABET[c === 31 ? 0 : c];
}

/**
 * True when `id` is 18 characters of the alphabet and its last one is the right check character.
 * @example isValidUscc('91350100M000100Y43') === true
 */
export function isValidUscc(id: string): boolean {
  return typeof id === 'string' && id.length === 18 && usccCheckChar(id.slice(0, 17)) === id[17];
}

/**
 * A random, valid code for an enterprise (authority 9 工商, type 1 企业) registered in `regionCode`.
 * The organisation-code part carries its own GB 11714 check character, as real codes do.
 * @example isValidUscc(makeUscc(createRng(1), '330424')) === true
 */
export function makeUscc(rng: Rng, regionCode: string): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`region code must be 6 digits: ${regionCode}`);
  // Codes issued since 2015 to new firms typically start with "MA" in the organisation part.
  let org = rng.chance(0.6) ? 'MA' : '';
  while (org.length < 8) org += ORG_BODY[rng.int(0, org.length < 2 ? 9 : ORG_BODY.length - 1)];
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += orgValue(org[i]) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  org += c === 10 ? 'X' : c === 11 ? '0' : String(c);
  const first17 = `91${regionCode}${org}`;
  return first17 + usccCheckChar(first17);
}

// GB 11714 values letters A=10 … Z=35 (by position in the full Latin alphabet).
function orgValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code <= 57 ? code - 48 : code - 55;
}
