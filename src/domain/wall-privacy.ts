/**
 * The wall screen shows no personal data at all (DOMAIN.md). Incident titles are free text typed by grid workers
 * and may carry a phone or ID number; on the wall such a run of digits is blanked out, not even masked.
 */

/** Mainland mobile numbers (possibly already masked 138****1234), landlines, 15/18-character ID numbers. */
const PERSONAL = [
  /(?<!\d)1[3-9]\d[\d*]{4}\d{4}(?!\d)/g,
  /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g,
  /(?<!\d)\d{15}(?!\d)/g,
  /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/g,
];

/**
 * Blanks phone and ID numbers out of a text.
 * @example scrubPersonal('张三 13812341234 反映噪声') === '张三 ··· 反映噪声'
 */
export function scrubPersonal(text: string): string {
  let out = text;
  for (const re of PERSONAL) out = out.replace(re, '···');
  return out;
}
