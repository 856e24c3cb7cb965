/*
 * A one-page PDF holding one JPEG picture that fills the page: the smallest file a print shop or a records system
 * takes as "a PDF of the map". The JPEG goes in as it is (DCTDecode), so no image codec is needed here; the page is
 * the sheet's size in points and the picture is scaled onto it, so the PDF prints at the picture's DPI.
 */

import { CST_OFFSET_MS } from '../../domain/time';

/** How far the picture's aspect ratio may be from the page's (relative): rounding, not a turned sheet. */
const SHAPE_TOLERANCE = 0.01;

export interface PdfImagePage {
  /** A baseline JPEG (canvas.toBlob('image/jpeg')), RGB. */
  jpeg: Uint8Array;
  /** The picture's size in pixels. */
  width: number;
  height: number;
  /** The page's size in points (pagePoints with the sheet's orientation): the picture's shape. */
  pageWidth: number;
  pageHeight: number;
  /** The document's title (Info dictionary), any text. */
  title?: string;
  /** The moment the PDF was made (Info's CreationDate), epoch ms; none when absent. */
  created?: number;
}

/**
 * A PDF 1.4 file of one page showing `jpeg` over the whole page. The page is the picture's shape: a portrait sheet
 * gets a portrait MediaBox (not a landscape one turned with /Rotate, which viewers and printers treat unevenly), and
 * a picture whose shape is not the page's is refused rather than stretched.
 * @example onePagePdf({ jpeg, width: 3508, height: 2480, pageWidth: 841.89, pageHeight: 595.28 }) // A4 landscape
 * @example onePagePdf({ jpeg, width: 1240, height: 1754, pageWidth: 595.28, pageHeight: 841.89 }) // A4 portrait
 */
export function onePagePdf(input: PdfImagePage): Uint8Array {
  const { jpeg, width, height, pageWidth, pageHeight } = input;
  if (!(width > 0 && height > 0 && pageWidth > 0 && pageHeight > 0))
    throw new RangeError('onePagePdf needs positive picture and page sizes');
  // Whole pixels and two-decimal points differ from the paper's exact shape by far less than this.
  if (Math.abs((width / height) * (pageHeight / pageWidth) - 1) > SHAPE_TOLERANCE)
    throw new RangeError(
      `the picture (${width} × ${height} px) is not the page's shape (${pageWidth} × ${pageHeight} pt): ` +
        'is the orientation the same?',
    );
  const num = (n: number) => String(Math.round(n * 100) / 100);
  const content = `q ${num(pageWidth)} 0 0 ${num(pageHeight)} 0 0 cm /Im0 Do Q\n`;
  const info = [
    input.title !== undefined ? `/Title ${pdfText(input.title)}` : '',
    input.created !== undefined ? `/CreationDate (${pdfDate(input.created)})` : '',
    '/Producer (GridSight)',
  ]
    .filter(Boolean)
    .join(' ');
  const objects: (string | [string, Uint8Array, string])[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${num(pageWidth)} ${num(pageHeight)}] ` +
      '/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
    [
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceRGB ` +
        `/BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      jpeg,
      '\nendstream',
    ],
    `<< /Length ${content.length} >>\nstream\n${content}endstream`,
    `<< ${info} >>`,
  ];
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (p: string | Uint8Array) => {
    const bytes = typeof p === 'string' ? encoder.encode(p) : p;
    parts.push(bytes);
    size += bytes.length;
  };
  // The binary comment line tells transfer programs the file is binary (PDF 32000-1 §7.5.2).
  push('%PDF-1.4\n');
  push(new Uint8Array([0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x0a]));
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(size);
    push(`${i + 1} 0 obj\n`);
    if (typeof o === 'string') push(o);
    else o.forEach(push);
    push('\nendobj\n');
  });
  const xref = size;
  push(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const off of offsets) push(`${String(off).padStart(10, '0')} 00000 n \n`);
  push(
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
  );
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A PDF text string: plain ASCII in parentheses (escaped), anything else as UTF-16BE with a byte-order mark in hex.
 * @example pdfText('Map (A4)') === '(Map \\(A4\\))'; pdfText('地图') === '<FEFF573056FE>'
 */
export function pdfText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** A PDF date in China Standard Time: D:YYYYMMDDHHmmSS+08'00'. */
function pdfDate(t: number): string {
  const d = new Date(t + CST_OFFSET_MS).toISOString();
  return `D:${d.slice(0, 4)}${d.slice(5, 7)}${d.slice(8, 10)}${d.slice(11, 13)}${d.slice(14, 16)}${d.slice(17, 19)}+08'00'`;
}
