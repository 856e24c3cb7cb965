import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { csvRows } from '../../../src/io/csv';
import { readTableFile } from '../../../src/io/import/read-table';
import { ImportError, type RawLayer } from '../../../src/io/import/types';
import { xlsxFixture } from './xlsx-fixture';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function csv(bytes: Uint8Array | string, options: { encoding?: string; fileName?: string } = {}) {
  const layers = await readTableFile(typeof bytes === 'string' ? utf8(bytes) : bytes, {
    fileName: 'grids.csv',
    ...options,
  });
  expect(layers).toHaveLength(1);
  return layers[0];
}

async function importError(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

const codes = (layer: RawLayer) => layer.warnings.map((w) => w.code);

/** GBK bytes of the few characters these tests use (checked against TextDecoder('gbk') below). */
const GBK: Record<string, number[]> = {
  名: [0xc3, 0xfb],
  称: [0xb3, 0xc6],
  网: [0xcd, 0xf8],
  格: [0xb8, 0xf1],
  中: [0xd6, 0xd0],
};
function gbk(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) out.push(code);
    else if (GBK[ch]) out.push(...GBK[ch]);
    else throw new Error(`no GBK bytes for ${ch} in the test table`);
  }
  return new Uint8Array(out);
}

describe('readTableFile: CSV encodings', () => {
  it('reads UTF-8 without a BOM as UTF-8 (default), values untouched', async () => {
    const layer = await csv('名称,类型,lon\n网格一, 工厂 ,120.1\n');
    expect(layer).toMatchObject({
      format: 'csv',
      name: 'grids',
      encoding: { name: 'utf-8', source: 'default' },
    });
    expect(layer.table).toEqual({
      columns: ['名称', '类型', 'lon'],
      rows: [['网格一', ' 工厂 ', '120.1']],
      lines: [2],
    });
    expect(layer.warnings).toEqual([]);
  });

  it('takes a UTF-8 BOM as the encoding and keeps it out of the first column name', async () => {
    const layer = await csv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('名称,b\n网格,2\n')]), {
      encoding: 'gbk',
    });
    expect(layer.encoding).toEqual({ name: 'utf-8', source: 'bom' });
    expect(layer.table?.columns).toEqual(['名称', 'b']);
    expect(layer.table?.rows).toEqual([['网格', '2']]);
  });

  it('the GBK byte table of these tests is right', () => {
    expect(new TextDecoder('gbk').decode(gbk('名称网格中'))).toBe('名称网格中');
  });

  it('reads a file that is not UTF-8 as GBK, with a guessedEncoding warning', async () => {
    const layer = await csv(gbk('名称,id\r\n中网格,7\r\n'));
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.table?.columns).toEqual(['名称', 'id']);
    expect(layer.table?.rows).toEqual([['中网格', '7']]);
    expect(codes(layer)).toEqual(['guessedEncoding']);
  });

  it('uses options.encoding when given (no guess), and refuses an unknown one', async () => {
    const layer = await csv(gbk('名称\n网格\n'), { encoding: 'GBK' });
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'option' });
    expect(layer.table?.rows).toEqual([['网格']]);
    expect(layer.warnings).toEqual([]);
    expect((await csv(gbk('名称\n中\n'), { encoding: 'ANSI 936' })).table?.rows).toEqual([['中']]);
    expect((await importError(csv('a\n1\n', { encoding: 'klingon' }))).code).toBe('unknownEncoding');
  });

  it('warns when a chosen encoding cannot read some bytes', async () => {
    const layer = await csv(gbk('名称\n网格\n'), { encoding: 'utf-8' });
    expect(codes(layer)).toEqual(['badEncoding']);
    expect(layer.warnings[0].reason).toMatch(/^8 characters could not be read as utf-8/);
  });

  it('reads UTF-16LE with a BOM (Excel "Unicode text", tab-separated)', async () => {
    const text = '名称\t人口\r\n东区, 一号\t1200\r\n';
    const bytes = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    const layer = await csv(bytes, { fileName: 'export.txt' });
    expect(layer.encoding).toEqual({ name: 'utf-16le', source: 'bom' });
    expect(layer.name).toBe('export');
    expect(layer.table?.columns).toEqual(['名称', '人口']);
    expect(layer.table?.rows).toEqual([['东区, 一号', '1200']]);
  });
});

describe('readTableFile: CSV structure', () => {
  it('detects tabs, keeping commas and quoted tabs in values', async () => {
    const layer = await csv('a\tb\tc\n"x\ty"\t1,5\tz;w\n');
    expect(layer.table?.columns).toEqual(['a', 'b', 'c']);
    expect(layer.table?.rows).toEqual([['x\ty', '1,5', 'z;w']]);
  });

  it('detects semicolons when the header has no comma or tab', async () => {
    const layer = await csv('名称;lon;lat\n"a;b";120,5;30,25\n');
    expect(layer.table?.columns).toEqual(['名称', 'lon', 'lat']);
    expect(layer.table?.rows).toEqual([['a;b', '120,5', '30,25']]);
  });

  it('stays with commas when the header has one', async () => {
    const layer = await csv('a,b;c\n1,2;3\n');
    expect(layer.table?.rows).toEqual([['1', '2;3']]);
  });

  it('reads quoted fields with commas, line breaks and quotes; numbers rows by their first line', async () => {
    const layer = await csv(
      'name,note,n\r\n"a, b","line 1\r\nline 2",1\r\n"say ""hi""", x ,2\r\n\r\nlast,"",3',
    );
    expect(layer.table?.rows).toEqual([
      ['a, b', 'line 1\r\nline 2', '1'],
      ['say "hi"', ' x ', '2'],
      ['last', '', '3'],
    ]);
    expect(layer.table?.lines).toEqual([2, 4, 6]);
  });

  it('pads short rows and keeps extra cells, with raggedRow warnings naming the row', async () => {
    const layer = await csv('a,b,c\n1,2\n1,2,3,4\n5,6,7,,\n');
    expect(layer.table?.rows).toEqual([
      ['1', '2', ''],
      ['1', '2', '3', '4'],
      ['5', '6', '7'], // only empty cells past the header: dropped, no warning
    ]);
    expect(layer.warnings).toEqual([
      { index: 0, code: 'raggedRow', reason: expect.stringMatching(/^line 2 has 2 cells, the header 3/) },
      { index: 1, code: 'raggedRow', reason: expect.stringMatching(/^line 3 has 4 cells, the header 3/) },
    ]);
  });

  it('skips rows whose cells are all empty (Excel writes ",,," for formatted empty rows)', async () => {
    const layer = await csv('a,b\n,\n1,2\n,\n');
    expect(layer.table?.rows).toEqual([['1', '2']]);
    expect(layer.table?.lines).toEqual([3]);
  });

  it('names unnamed columns and makes duplicate names unique, with warnings', async () => {
    const layer = await csv('name,,name, ,name\n1,2,3,4,5\n');
    expect(layer.table?.columns).toEqual(['name', 'column 2', 'name (2)', 'column 4', 'name (3)']);
    expect(codes(layer)).toEqual(['unnamedColumn', 'duplicateColumn', 'unnamedColumn', 'duplicateColumn']);
    expect(layer.warnings[1]).toMatchObject({ property: 'name (2)' });
  });

  it('refuses an empty file (no header row)', async () => {
    for (const bytes of [new Uint8Array(0), utf8('\r\n\n'), new Uint8Array([0xef, 0xbb, 0xbf])]) {
      const e = await importError(readTableFile(bytes, { fileName: 'x.csv' }));
      expect(e.code).toBe('empty');
      expect(e.place).toBe('x.csv');
    }
  });

  it('reads a header-only file as a table without rows', async () => {
    expect((await csv('a,b\n')).table).toEqual({ columns: ['a', 'b'], rows: [], lines: [] });
  });

  it('refuses a quote that is never closed', async () => {
    const e = await importError(csv('a,b\n1,"open\n2,3\n'));
    expect(e.code).toBe('badCsv');
    expect(e.detail).toMatch(/line 2/);
  });

  it('refuses an extension it does not read', async () => {
    expect((await importError(readTableFile(utf8('a'), { fileName: 'a.json' }))).code).toBe(
      'unsupportedFormat',
    );
  });

  it('flags formula-like values and column names without changing them', async () => {
    const text =
      'name,=cmd,v\n"=HYPERLINK(""http://evil"",""click"")",x,-12.5\n+86 138 0013 8000,@SUM(A1),+1,234.5\n-,=,-1e5\n';
    const layer = await csv(text);
    expect(layer.table?.rows[0][0]).toBe('=HYPERLINK("http://evil","click")');
    expect(layer.table?.rows[1]).toEqual(['+86 138 0013 8000', '@SUM(A1)', '+1', '234.5']);
    const flagged = layer.warnings.filter((w) => w.code === 'formulaLike').map((w) => [w.index, w.property]);
    expect(flagged).toEqual([
      [undefined, '=cmd'],
      [0, 'name'],
      [1, 'name'],
      [1, '=cmd'],
    ]);
  });

  it('keeps at most 100 warnings of a code and counts the rest', async () => {
    const layer = await csv('a,b\n' + '1\n'.repeat(150));
    expect(layer.table?.rows).toHaveLength(150);
    expect(layer.warnings).toHaveLength(101);
    expect(layer.warnings[100]).toEqual({
      code: 'raggedRow',
      reason: expect.stringMatching(/^50 more warnings/),
    });
  });
});

describe('readTableFile: large CSV in pieces', () => {
  /** ~3.5 MiB: several 1 MiB pieces, quoted line breaks and 3-byte characters falling across piece ends. */
  function bigCsv(rows: number, strayQuoteAt = -1): string {
    const out = ['id,名称,备注,lon'];
    for (let i = 0; i < rows; i++) {
      const note =
        i % 7 === 0 ? `"第${i}行\n含换行, 和""引号"""` : i === strayQuoteAt ? `5" pipe` : `网格${i}`;
      out.push(`${i},企业名称${i % 100},${note},${(120 + i / 1e5).toFixed(5)}`);
    }
    return out.join('\n') + '\n';
  }
  const whole = (text: string) => [...csvRows(text)];

  it('gives the same rows and lines as one csvRows pass, and reports progress', async () => {
    const text = bigCsv(80_000);
    const bytes = utf8(text);
    expect(bytes.length).toBeGreaterThan(3 << 20);
    const progress: number[] = [];
    const [layer] = await readTableFile(bytes, { fileName: 'big.csv', onProgress: (p) => progress.push(p) });
    const expected = whole(text);
    expect(layer.table?.columns).toEqual(expected[0].row);
    expect(layer.table?.rows).toEqual(expected.slice(1).map((r) => r.row));
    expect(layer.table?.lines).toEqual(expected.slice(1).map((r) => r.line));
    expect(layer.warnings).toEqual([]);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('still reads right when a stray quote in an unquoted field throws the quote count off', async () => {
    const text = bigCsv(60_000, 3);
    const [layer] = await readTableFile(utf8(text), { fileName: 'big.csv' });
    const expected = whole(text);
    expect(layer.table?.rows[3][2]).toBe('5" pipe');
    expect(layer.table?.rows).toEqual(expected.slice(1).map((r) => r.row));
    expect(layer.table?.lines).toEqual(expected.slice(1).map((r) => r.line));
  });

  it('starts again as GBK when a byte that is not UTF-8 comes after the first pieces', async () => {
    const head = 'id,v\n' + 'abcdefghij,1234567890\n'.repeat(150_000); // ~3.1 MiB of ASCII
    const bytes = new Uint8Array([...utf8(head), ...gbk('中,网格\n')]);
    const [layer] = await readTableFile(bytes, { fileName: 'g.csv' });
    expect(layer.encoding).toEqual({ name: 'gbk', source: 'default' });
    expect(layer.table?.rows).toHaveLength(150_001);
    expect(layer.table?.rows.at(-1)).toEqual(['中', '网格']);
    expect(codes(layer)).toEqual(['guessedEncoding']);
  });
});

// A workbook as Excel writes one: shared strings (Chinese), an inline string, a formula with its cached value,
// numbers, dates (style 1 = built-in format 14), booleans, an empty row, and a second sheet. Row 6: a formula whose
// cached result looks like a formula, one never calculated (no <v>: read-excel-file gives empty), and an error result
// (#DIV/0!: read-excel-file gives empty too).
const SHARED = [
  '名称',
  '链接',
  '人口',
  '建成日期',
  '东区网格',
  '  西区 ',
  '企业',
  '=HYPERLINK("http://evil","click")',
];
const WORKBOOK = {
  sharedStrings: SHARED,
  dateStyle: true,
  sheets: [
    {
      name: '网格',
      rows:
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>' +
        '<c r="D1" t="s"><v>3</v></c><c r="E1" t="inlineStr"><is><t>启用</t></is></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="str"><f>HYPERLINK("http://x","y")</f><v>y</v></c>' +
        '<c r="C2"><v>12345.5</v></c><c r="D2" s="1"><v>45366</v></c><c r="E2" t="b"><v>1</v></c></row>' +
        '<row r="3"></row>' +
        '<row r="4"><c r="A4" t="s"><v>5</v></c><c r="B4" t="s"><v>7</v></c>' +
        '<c r="C4"><f>SUM(1,2)</f><v>3</v></c><c r="D4" s="1"><v>45366.520833333336</v></c>' +
        '<c r="E4" t="b"><v>0</v></c></row>' +
        '<row r="6"><c r="A6" t="str"><f>"="&amp;"1+1"</f><v>=1+1</v></c><c r="C6"><v>0.30000000000000004</v></c>' +
        '<c r="D6" t="str"><f>NOW()</f></c><c r="E6" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>',
    },
    {
      name: '企业',
      rows: '<row r="1"><c r="A1" t="s"><v>6</v></c></row><row r="2"><c r="A2"><v>1E-7</v></c></row>',
    },
  ],
};

async function xlsx(bytes: Uint8Array, options: { sheet?: string; maxUncompressedBytes?: number } = {}) {
  return readTableFile(bytes, { fileName: 'book.xlsx', ...options });
}

describe('readTableFile: xlsx', () => {
  it('reads every sheet: strings, numbers, China-time dates, booleans, cached formula results', async () => {
    const layers = await xlsx(xlsxFixture(WORKBOOK));
    expect(layers.map((l) => [l.format, l.name])).toEqual([
      ['xlsx', '网格'],
      ['xlsx', '企业'],
    ]);
    const [grid, firms] = layers;
    expect(grid.table).toEqual({
      columns: ['名称', '链接', '人口', '建成日期', '启用'],
      rows: [
        ['东区网格', 'y', '12345.5', '2024-03-15T00:00:00+08:00', 'true'],
        ['  西区 ', '=HYPERLINK("http://evil","click")', '3', '2024-03-15T12:30:00+08:00', 'false'],
        ['=1+1', '', '0.30000000000000004', '', ''],
      ],
      lines: [2, 4, 6],
    });
    expect(firms.table).toEqual({ columns: ['企业'], rows: [['1e-7']], lines: [2] });
    expect(firms.warnings).toEqual([]);
  });

  it('never gives formula text, and flags formula-like values', async () => {
    const [grid] = await xlsx(xlsxFixture(WORKBOOK));
    expect(JSON.stringify(grid.table)).not.toMatch(/HYPERLINK\("http:\/\/x"|SUM\(|NOW\(/);
    expect(grid.warnings.map((w) => [w.code, w.index, w.property])).toEqual([
      ['formulaLike', 1, '链接'],
      ['formulaLike', 2, '名称'],
    ]);
    expect(grid.warnings[0].reason).toMatch(/^row 4, 链接:/);
  });

  it('reads only options.sheet, and names the sheets when it is not there', async () => {
    const layers = await xlsx(xlsxFixture(WORKBOOK), { sheet: '企业' });
    expect(layers.map((l) => l.name)).toEqual(['企业']);
    expect(layers[0].table?.columns).toEqual(['企业']);
    const e = await importError(xlsx(xlsxFixture(WORKBOOK), { sheet: 'Sheet9' }));
    expect(e.code).toBe('sheetNotFound');
    expect(e.detail).toContain('"网格", "企业"');
  });

  it('skips empty sheets with a warning, and refuses a workbook with no data', async () => {
    const book = xlsxFixture({
      sheets: [
        {
          name: 'Sheet1',
          rows: '<row r="2"><c r="B2" t="inlineStr"><is><t>a</t></is></c></row><row r="3"><c r="B3"><v>1</v></c></row>',
        },
        { name: 'Sheet2', rows: '' },
      ],
    });
    const layers = await xlsx(book);
    expect(layers).toHaveLength(1);
    expect(layers[0].table).toEqual({ columns: ['column 1', 'a'], rows: [['', '1']], lines: [3] });
    expect(codes(layers[0])).toEqual(['unnamedColumn', 'emptySheetSkipped']);
    expect((await importError(xlsx(book, { sheet: 'Sheet2' }))).code).toBe('empty');
    const empty = xlsxFixture({ sheets: [{ name: 'Sheet1', rows: '<row r="1"></row>' }] });
    expect((await importError(xlsx(empty))).code).toBe('empty');
  });

  it('refuses a zip whose entries declare more than maxUncompressedBytes, before inflating', async () => {
    const book = xlsxFixture({ ...WORKBOOK, extra: { 'xl/media/zeros.bin': new Uint8Array(5 << 20) } });
    expect(book.length).toBeLessThan(100_000);
    const e = await importError(xlsx(book, { maxUncompressedBytes: 1 << 20 }));
    expect(e.code).toBe('zipTooLarge');
    expect(await xlsx(book)).toHaveLength(2); // under the default 512 MiB
  });

  it('trusts the declared sizes: a sheet declaring 3.75 GiB is refused without being inflated', async () => {
    const book = xlsxFixture(WORKBOOK);
    const view = new DataView(book.buffer, book.byteOffset, book.byteLength);
    const name = utf8('xl/worksheets/sheet1.xml');
    let patched = 0;
    for (let o = 0; o + 46 < book.length; o++) {
      if (view.getUint32(o, true) !== 0x02014b50) continue; // central directory header
      const n = view.getUint16(o + 28, true);
      if (n === name.length && name.every((b, i) => book[o + 46 + i] === b)) {
        view.setUint32(o + 24, 0xf0000000, true); // uncompressed size
        patched++;
      }
    }
    expect(patched).toBe(1);
    expect((await importError(xlsx(book))).code).toBe('zipTooLarge');
  });

  it('refuses .xls (Excel 97–2003) bytes, saying to save as .xlsx or CSV', async () => {
    const ole = new Uint8Array(4096);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    for (const fileName of ['old.xls', 'renamed.xlsx']) {
      const e = await importError(readTableFile(ole, { fileName }));
      expect(e.code).toBe('notXlsx');
      expect(e.detail).toMatch(/\.xls\b.*\.xlsx.*CSV/);
    }
  });

  it('refuses what is not an xlsx zip', async () => {
    const notZip = await importError(xlsx(utf8('名称,lon\n')));
    expect(notZip.code).toBe('notXlsx');
    const brokenZip = await importError(xlsx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0])));
    expect(brokenZip.code).toBe('notXlsx');
    const otherZip = await importError(xlsx(zipSync({ 'doc.kml': strToU8('<kml/>') })));
    expect(otherZip.code).toBe('notXlsx');
  });

  it('refuses a workbook whose sheet XML is damaged', async () => {
    const book = xlsxFixture({
      sheets: [{ name: 'S', rows: '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"></row>' }],
    });
    expect((await importError(xlsx(book))).code).toBe('badXlsx');
  });
});
