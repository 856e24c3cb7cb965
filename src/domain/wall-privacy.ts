/**
 * The wall screen shows no personal data at all (DOMAIN.md). Incident titles are free text typed by grid workers
 * and may carry a phone or ID number, or a person's name; on the wall such a number, and the name of anyone the
 * dataset knows, is blanked out, not even masked. Free text is written every way: +86 in front, digits grouped with
 * spaces or dashes, full-width digits from a Chinese input method (１３８…), the area code in brackets, a name
 * with a space in it (张 三). The patterns below read all of those.
 */

/** Blanked out rather than shown. */
const BLANK = '···';

/** One digit, ASCII or full-width. */
const D = '[0-9\\uFF10-\\uFF19]';
/** What people put between groups of digits: a space (also full-width), a dash of any kind, a dot. */
const SEP = '[\\s\\-\\u2010-\\u2015\\uFF0D.]';
/** `count` digits, each but the first optionally after one separator (138 1234 1234, 138-1234-1234). */
const digits = (count: number, digit: string = D) => `${digit}(?:${SEP}?${digit}){${count - 1}}`;
/** +86, ＋86 or 0086 before a number, with an optional separator after it. */
const COUNTRY = `(?:[+\\uFF0B]\\s?|[0\\uFF10]{2}\\s?)[8\\uFF18][6\\uFF16]${SEP}?`;
/** A digit, or a star of a number already masked (138****1234). */
const D_OR_STAR = '[0-9\\uFF10-\\uFF19*\\uFF0A]';
const NOT_AFTER_DIGIT = `(?<!${D})`;
const NOT_BEFORE_DIGIT = `(?!${D})`;

/**
 * Longest first, so an ID number is blanked whole before a phone pattern could take part of it. Every pattern is
 * fenced by non-digits, so it never takes the middle of a longer number (a date, an amount).
 */
const PERSONAL = [
  // Resident ID numbers: 18 characters (the last may be X), or the old 15 digits.
  `(?<![0-9\\uFF10-\\uFF19A-Za-z])${digits(17)}${SEP}?[0-9\\uFF10-\\uFF19Xx\\uFF38\\uFF58](?![0-9\\uFF10-\\uFF19A-Za-z])`,
  `${NOT_AFTER_DIGIT}${digits(15)}${NOT_BEFORE_DIGIT}`,
  // Mobiles 1[3-9]x xxxx xxxx, possibly with +86 and possibly already masked.
  `${NOT_AFTER_DIGIT}(?:${COUNTRY})?[1\\uFF11]${SEP}?[3-9\\uFF13-\\uFF19]${SEP}?${D}(?:${SEP}?${D_OR_STAR}){4}${SEP}?${digits(4)}${NOT_BEFORE_DIGIT}`,
  // Landlines: area code 0xx or 0xxx (in brackets or not; its 0 dropped after +86), then 7 or 8 digits.
  `${NOT_AFTER_DIGIT}(?:${COUNTRY}[(\\uFF08]?[0\\uFF10]?|[(\\uFF08]?[0\\uFF10])${digits(2)}${D}?[)\\uFF09]?${SEP}?${digits(7)}${D}?${NOT_BEFORE_DIGIT}`,
  // Any number already partly masked (138******34, 057****3456): what is left of it is still not for the wall.
  `${NOT_AFTER_DIGIT}${D}{1,4}[*\\uFF0A]{3,}${D}{0,4}${NOT_BEFORE_DIGIT}`,
].map((source) => new RegExp(source, 'g'));

/**
 * Blanks phone and ID numbers out of a text.
 * @example scrubPersonal('张三 +86 138-1234-1234 反映噪声') === '张三 ··· 反映噪声'
 */
export function scrubPersonal(text: string): string {
  let out = text;
  for (const re of PERSONAL) out = out.replace(re, BLANK);
  return out;
}

/** What may stand between the characters of a name typed by hand: spaces (also full-width), dots, dashes. */
const NAME_GAP = /[\s\u00B7\u30FB\u2022.\-_\u2010-\u2015\uFF0D]/;
/** At most this many gap characters between two characters of a name. */
const MAX_GAP = 2;

/**
 * Where a name (its code points) written at `at` in `text` ends, or -1: each character after the first may follow
 * up to MAX_GAP gap characters. As a regular expression's greedy `{0,2}` would: the longest gap is tried first.
 */
function nameEnd(text: string, at: number, name: readonly number[], k = 1): number {
  if (k === name.length) return at;
  let gaps = 0;
  while (gaps < MAX_GAP && at + gaps < text.length && NAME_GAP.test(text[at + gaps])) gaps++;
  for (let g = gaps; g >= 0; g--) {
    const p = at + g;
    const cp = text.codePointAt(p);
    if (cp !== name[k]) continue;
    const end = nameEnd(text, p + (cp > 0xffff ? 2 : 1), name, k + 1);
    if (end >= 0) return end;
  }
  return -1;
}

/**
 * A scrubber for the wall's free text: phone and ID numbers blanked (scrubPersonal), and every name in `names` (the
 * dataset's members: grid leaders, staff, micro-grid leaders), longest first, also when written with spaces or dots
 * between its characters (张 三, 王·建国). A one-character name is left alone: it would blank ordinary words. A name
 * the dataset does not know (a caller's) is not detected.
 *
 * Names are looked up by their first character, not joined into one regular expression: a county's 12k names made
 * an alternation that V8 took ~6 s to compile and run on its first two texts, and ~26 ms a text after.
 * @example personalScrubber(['王建国'])('王 建国 13812341234 反映噪声') === '··· ··· 反映噪声'
 */
export function personalScrubber(names: readonly string[] = []): (text: string) => string {
  const known = [...new Set(names.filter((n) => typeof n === 'string').map((n) => n.replace(/\s+/g, '')))]
    .map((n) => Array.from(n, (c) => c.codePointAt(0)!))
    .filter((n) => n.length >= 2)
    .sort((a, b) => b.length - a.length);
  if (known.length === 0) return scrubPersonal;
  // Per first character, its names longest first (the order above, kept by a stable push).
  const byFirst = new Map<number, number[][]>();
  for (const n of known) (byFirst.get(n[0]) ?? byFirst.set(n[0], []).get(n[0])!).push(n);
  return (text) => {
    const scrubbed = scrubPersonal(text);
    let out = '';
    let copied = 0;
    for (let i = 0; i < scrubbed.length; ) {
      const cp = scrubbed.codePointAt(i)!;
      const width = cp > 0xffff ? 2 : 1;
      let end = -1;
      for (const name of byFirst.get(cp) ?? []) {
        end = nameEnd(scrubbed, i + width, name);
        if (end >= 0) break;
      }
      if (end < 0) {
        i += width;
        continue;
      }
      out += scrubbed.slice(copied, i) + BLANK;
      copied = i = end;
    }
    return copied === 0 ? scrubbed : out + scrubbed.slice(copied);
  };
}
