/**
 * Text encodings named the ways GIS files name them: a Shapefile's `.cpg` says `UTF-8`, `GBK`, `936`, `ANSI 936`,
 * `CP936` or `65001`; a KML's XML declaration says `GB2312`. Each is mapped to a label TextDecoder knows (the
 * WHATWG Encoding Standard's), or to null when it is no encoding this reader can decode.
 */

/** Windows and ESRI code page numbers → WHATWG encoding labels. */
const CODE_PAGES: Record<string, string> = {
  '65001': 'utf-8',
  '936': 'gbk',
  '20936': 'gbk',
  '54936': 'gb18030',
  '950': 'big5',
  '932': 'shift_jis',
  '949': 'euc-kr',
  '51949': 'euc-kr',
  '874': 'windows-874',
  '866': 'ibm866',
  '10000': 'macintosh',
  '20866': 'koi8-r',
  '21866': 'koi8-u',
  '1250': 'windows-1250',
  '1251': 'windows-1251',
  '1252': 'windows-1252',
  '1253': 'windows-1253',
  '1254': 'windows-1254',
  '1255': 'windows-1255',
  '1256': 'windows-1256',
  '1257': 'windows-1257',
  '1258': 'windows-1258',
};

/**
 * The TextDecoder encoding (its canonical name: `gbk`, `utf-8`, `windows-1252`…) for a label as GIS files write
 * it, or null when the label names nothing this reader can decode (`SYSTEM`, `437`, an HTML page saved as .cpg).
 * @example encodingForLabel('ANSI 936') // 'gbk'
 */
export function encodingForLabel(label: string): string | null {
  const text = label.replace(/^\uFEFF/, '').trim();
  if (!text || text.length > 40) return null;
  const upper = text.toUpperCase().replace(/\s+/g, ' ');
  // "936", "ANSI 936", "CP936", "MS936", "WINDOWS-936", "IBM866": code page numbers.
  const number = /^(?:ANSI ?|CP ?|MS|WINDOWS-|IBM)?(\d+)$/.exec(upper);
  if (number) {
    const page = String(Number(number[1]));
    if (CODE_PAGES[page]) return CODE_PAGES[page];
    // ESRI writes ISO 8859 parts as "88591", "885915"; Windows numbers them 28591…28606.
    const esri = /^8859(\d{1,2})$/.exec(page);
    const n = Number(page);
    const part = esri ? Number(esri[1]) : n >= 28591 && n <= 28606 ? n - 28590 : NaN;
    if (part >= 1 && part <= 16) return decoderName(`iso-8859-${part}`);
    return null;
  }
  if (upper === 'UTF8' || upper === 'UTF-8') return 'utf-8';
  // "8859_1", "ISO 8859-5", "ISO88591".
  const iso = /^(?:ISO[-_ ]?)?8859[-_ ]?(\d{1,2})$/.exec(upper);
  if (iso) return decoderName(`iso-8859-${Number(iso[1])}`);
  return decoderName(text);
}

/** TextDecoder's canonical name for a WHATWG label, or null (unknown, or the 'replacement' pseudo-encoding). */
function decoderName(label: string): string | null {
  try {
    const name = new TextDecoder(label).encoding;
    return name === 'replacement' ? null : name;
  } catch {
    return null;
  }
}

/** How an encoding is named to a person: `GBK`, `UTF-8`, `windows-1252`. */
export function encodingDisplayName(name: string): string {
  return name === 'gbk' || name === 'utf-8' || name === 'big5' || name === 'gb18030'
    ? name.toUpperCase()
    : name;
}
