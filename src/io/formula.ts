/**
 * "Would a spreadsheet run this as a formula?": one rule for the table reader, which warns about such values in
 * an imported CSV or sheet, and the CSV and xlsx writers, which neutralise them (OWASP, "CSV Injection").
 *
 * Excel, WPS and LibreOffice run a cell whose text starts with `=`, `+`, `-` or `@` as a formula, and strip a
 * leading tab or CR before looking. Exceptions, because a spreadsheet reads them as numbers and numbers must stay
 * numbers: a number as people write one in a cell (optional sign, digits with or without thousands separators, a
 * fraction, an exponent, a percent: `-12.5`, `+86`, `-1,234.5`, `-0.5e3`, `+5%`). A sign alone (`-`, often the
 * "none" of a Chinese table) or `=` alone runs nothing. So `=1`, `=12`, `-2+3`, `+86 138 0013 8000`, `@SUM(A1)`,
 * `-12.5 元` and a tab before anything are formula-like; `-12.5`, `+3`, `1,234` and `-` are not.
 */

/** A number as people write it in a cell: sign, thousands separators, decimals, exponent, percent. */
const NUMBER_TEXT = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?%?$/;

/**
 * Whether a spreadsheet would run this text as a formula (see the file's comment).
 * @example ['=1+1', '-2+3', '-12.5', '-'].map(formulaLike) // [true, true, false, false]
 */
export function formulaLike(text: string): boolean {
  if (text.length < 2) return false;
  const c = text.charCodeAt(0);
  if (c !== 0x3d && c !== 0x2b && c !== 0x2d && c !== 0x40 && c !== 0x09 && c !== 0x0d) return false;
  return !(/\d/.test(text) && NUMBER_TEXT.test(text));
}
