/**
 * Minimal xlsx workbooks for tests, zipped with fflate from hand-written XML parts, so that each fixture is visible
 * in the test that uses it: `xlsxFixture({ sheets: [{ name, rows: '<row r="1">…</row>' }], sharedStrings: […] })`.
 */
import { zipSync, strToU8 } from 'fflate';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

export interface FixtureSheet {
  name: string;
  /** The `<row>` elements of `<sheetData>`, as written in sheet XML. */
  rows: string;
}

export interface FixtureOptions {
  sheets: FixtureSheet[];
  /** xl/sharedStrings.xml's strings, by index (`<c t="s"><v>index</v></c>`); left out when not given. */
  sharedStrings?: string[];
  /**
   * Adds xl/styles.xml with two cell formats: s="0" general, s="1" the built-in date format 14 (yyyy/m/d).
   */
  dateStyle?: boolean;
  /** Further entries (path → bytes), e.g. a large media file. */
  extra?: Record<string, Uint8Array>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The xlsx parts as text (path → XML), before zipping. */
export function xlsxParts(o: FixtureOptions): Record<string, string> {
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      o.sheets
        .map(
          (_, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      `</Types>`,
    '_rels/.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Relationships xmlns="${PKG_REL_NS}">` +
      `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
      `</Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>` +
      o.sheets
        .map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('') +
      `</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<Relationships xmlns="${PKG_REL_NS}">` +
      o.sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      (o.sharedStrings
        ? `<Relationship Id="rIdS" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`
        : '') +
      (o.dateStyle ? `<Relationship Id="rIdT" Type="${REL_NS}/styles" Target="styles.xml"/>` : '') +
      `</Relationships>`,
  };
  o.sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetData>${s.rows}</sheetData></worksheet>`;
  });
  if (o.sharedStrings)
    parts['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<sst xmlns="${NS}" count="${o.sharedStrings.length}" uniqueCount="${o.sharedStrings.length}">` +
      o.sharedStrings.map((t) => `<si><t xml:space="preserve">${esc(t)}</t></si>`).join('') +
      `</sst>`;
  if (o.dateStyle)
    parts['xl/styles.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
      `<styleSheet xmlns="${NS}">` +
      `<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>` +
      `<fills count="1"><fill><patternFill patternType="none"/></fill></fills>` +
      `<borders count="1"><border/></borders>` +
      `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
      `<cellXfs count="2">` +
      `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
      `<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
      `</cellXfs></styleSheet>`;
  return parts;
}

/** An xlsx file (deflated zip) from `xlsxParts(o)` plus `o.extra`. */
export function xlsxFixture(o: FixtureOptions): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const [path, xml] of Object.entries(xlsxParts(o))) files[path] = strToU8(xml);
  Object.assign(files, o.extra);
  return zipSync(files, { level: 6 });
}
