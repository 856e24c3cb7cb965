import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../../src/domain/privacy';

/** Digits of the national number shown by a mask (the +86 in front is not counted: it identifies nobody). */
const shownDigits = (masked: string) => masked.replace(/^\+86 /, '').replace(/\D/g, '').length;
const stars = (masked: string) => (masked.match(/\*/g) ?? []).length;

describe('maskPhone', () => {
  it('masks a mobile as 138******34: 3 digits in front, 2 at the end, 6 of 11 hidden', () => {
    expect(maskPhone('13812341234')).toBe('138******34');
    expect(maskPhone('138-1234-1234')).toBe('138******34');
    expect(maskPhone('138 1234 1234')).toBe('138******34');
  });

  it('keeps +86 / 0086 in front, uncounted, and masks the national number', () => {
    expect(maskPhone('+86 138 1234 1234')).toBe('+86 138******34');
    expect(maskPhone('+8613812341234')).toBe('+86 138******34');
    expect(maskPhone('0086-138-1234-1234')).toBe('+86 138******34');
    expect(maskPhone('8613812341234')).toBe('+86 138******34');
  });

  it('reads full-width digits', () => {
    expect(maskPhone('１３８１２３４１２３４')).toBe('138******34');
  });

  it('masks landlines and other lengths too', () => {
    expect(maskPhone('0573-86123456')).toBe('057******456');
    expect(maskPhone('(0573) 8612 3456')).toBe('057******456');
    expect(maskPhone('86123456')).toBe('86****56');
    expect(maskPhone('1234567')).toBe('12****7');
  });

  it('shows nothing of a short number', () => {
    expect(maskPhone('12345')).toBe('*****');
    expect(maskPhone('110')).toBe('***');
    expect(maskPhone('')).toBe('');
    expect(maskPhone(undefined)).toBe('');
    expect(maskPhone(null)).toBe('');
  });

  it('hides at least half of the digits of any length, one digit to forty', () => {
    for (let n = 1; n <= 40; n++) {
      const phone = '9'.repeat(n);
      const masked = maskPhone(phone);
      expect(stars(masked) + shownDigits(masked), `length ${n}`).toBe(n);
      expect(stars(masked), `length ${n}: ${masked}`).toBeGreaterThanOrEqual(Math.ceil(n / 2));
    }
  });

  it('hides at least half, however the number is written', () => {
    const written = [
      '+86 138 1234 1234', '+86-138-1234-1234', '0086 13812341234', '138 1234 1234', '1-3-8-1-2-3-4-1-2-3-4',
      '0573-86123456', '(0573)86123456', '（０５７３）８６１２３４５６', '021 6123 4567', '86123456-801', '123456789012345678',
    ];
    for (const phone of written) {
      const masked = maskPhone(phone);
      expect(stars(masked), `${phone} → ${masked}`).toBeGreaterThanOrEqual(Math.ceil((stars(masked) + shownDigits(masked)) / 2));
    }
  });
});
