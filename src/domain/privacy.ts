/**
 * Personal data is masked wherever it is shown (DOMAIN.md) and never shown on the wall screen.
 *
 * A mask hides at least half of the number's digits, whatever its length: 138****1234 shows 7 of 11 digits, so
 * a mobile is shown as 138******34 (3 + 2 shown), a landline 0573-86123456 as 057******456, a short number as
 * stars only. The country code (+86, 0086) identifies nobody: it is kept in front and not counted.
 */

/** Numbers this short (extensions, short codes) are all stars: half of them would say too much. */
const ALL_STARS_BELOW = 6;

/**
 * The number's digits, ASCII, without a leading +86 / 0086 (full-width digits and separators are read too).
 * @example nationalDigits('+86 138-1234-1234') // { country: '+86', digits: '13812341234' }
 */
function nationalDigits(phone: string): { country: string; digits: string } {
  const text = phone.normalize('NFKC').trim();
  const digits = text.replace(/\D/g, '');
  if (/^\+\s*86/.test(text)) return { country: '+86', digits: digits.slice(2) };
  if (digits.startsWith('0086')) return { country: '+86', digits: digits.slice(4) };
  // 86 + a mobile (13 digits) with the + left out; a landline's national form starts with 0 and never with 86.
  if (/^861[3-9]\d{9}$/.test(digits)) return { country: '+86', digits: digits.slice(2) };
  return { country: '', digits };
}

/**
 * The number with at least half of its digits as stars: at most 3 digits shown in front, 4 at the end, fewer on
 * short numbers. Spaces and dashes are dropped.
 * @example maskPhone('13812341234') === '138******34'
 * @example maskPhone('+86 138 1234 1234') === '+86 138******34'
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const { country, digits } = nationalDigits(phone);
  const n = digits.length;
  let masked: string;
  if (n < ALL_STARS_BELOW) masked = '*'.repeat(n);
  else {
    const shown = Math.floor(n / 2);
    const tail = Math.min(4, Math.floor(shown / 2));
    const head = Math.min(3, shown - tail);
    masked = `${digits.slice(0, head)}${'*'.repeat(n - head - tail)}${tail ? digits.slice(-tail) : ''}`;
  }
  return country ? `${country} ${masked}` : masked;
}
