import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/domain/random';
import { USCC_ALPHABET, isValidUscc, makeUscc, usccCheckChar } from '../../../src/domain/uscc';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('computes the check character of the standard\'s sample code', () => {
    // 91350100M000100Y43 is the sample printed in GB 32100-2015; worked by hand: Σ vᵢ·wᵢ = 1640, 1640 mod 31 = 28,
    // 31 − 28 = 3.
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
  });

  it('handles the 31 → 0 case and a constructed Haiyan code', () => {
    // Constructed: 91330424MA2B00001 → check computed independently below.
    const first17 = '91330424MA2B00001';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = [...first17].reduce((s, ch, i) => s + USCC_ALPHABET.indexOf(ch) * weights[i], 0);
    const c = (31 - (sum % 31)) % 31;
    expect(usccCheckChar(first17)).toBe(USCC_ALPHABET[c]);
    // Find a body whose sum is ≡ 0 (mod 31): its check character must be "0", not the 32nd symbol.
    let zero = '';
    for (let n = 0; n < 1000 && !zero; n++) {
      const body = `9133042400000${String(n).padStart(4, '0')}`;
      const s = [...body].reduce((t, ch, i) => t + USCC_ALPHABET.indexOf(ch) * weights[i], 0);
      if (s % 31 === 0) zero = body;
    }
    expect(zero).not.toBe('');
    expect(usccCheckChar(zero)).toBe('0');
  });

  it('rejects corrupted codes', () => {
    expect(isValidUscc('91350100M000100Y44')).toBe(false); // wrong check character
    expect(isValidUscc('91350100M000100Y4')).toBe(false); // too short
    expect(isValidUscc('91350100M00010OY43')).toBe(false); // O is not in the alphabet
    expect(isValidUscc('91350100M000100Y4I')).toBe(false);
    expect(usccCheckChar('9135010IM000100Y4')).toBeNull();
    // Swapping two characters is caught.
    expect(isValidUscc('91350100M000010Y43')).toBe(false);
  });

  it('makes valid, varied codes for a region', () => {
    const rng = createRng(1);
    const ids = Array.from({ length: 500 }, () => makeUscc(rng, '330424'));
    for (const id of ids) {
      expect(id).toMatch(/^91330424[0-9A-HJ-NP-RTUWXY]{10}$/);
      expect(isValidUscc(id)).toBe(true);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => makeUscc(rng, '3304')).toThrow();
  });
});
