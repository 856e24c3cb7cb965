/**
 * The wall screen shows no personal data at all (DOMAIN.md). Incident titles are free text typed by grid workers
 * and may carry a phone or ID number, or a person's name; on the wall such a run of digits, and the name of anyone
 * the dataset knows, is blanked out, not even masked.
 */

/** Blanked out rather than shown. */
const BLANK = '···';

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
  for (const re of PERSONAL) out = out.replace(re, BLANK);
  return out;
}

/**
 * A scrubber for the wall's free text: phone and ID numbers blanked (scrubPersonal), and every name in `names` (the
 * dataset's members: grid leaders, staff, micro-grid leaders), longest first. A one-character name is left alone: it
 * would blank ordinary words. A name the dataset does not know (a caller's) is not detected.
 * @example personalScrubber(['王建国'])('王建国 13812341234 反映噪声') === '··· ··· 反映噪声'
 */
export function personalScrubber(names: readonly string[] = []): (text: string) => string {
  const known = [...new Set(names.filter((n) => typeof n === 'string').map((n) => n.trim()))]
    .filter((n) => [...n].length >= 2)
    .sort((a, b) => b.length - a.length);
  if (known.length === 0) return scrubPersonal;
  const re = new RegExp(known.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (text) => scrubPersonal(text).replace(re, BLANK);
}
