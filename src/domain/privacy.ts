/**
 * Personal data is masked wherever it is shown (DOMAIN.md: 138****1234) and never shown on the wall screen.
 * @example maskPhone('13812341234') === '138****1234'
 */
export function maskPhone(phone: string | undefined | null): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
