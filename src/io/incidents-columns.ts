/**
 * incidents.csv straight into columns (domain/incident-table): a county's million rows never become a million
 * feature objects. The checks and messages are io/incidents-csv's (header, field count, the contract's property
 * types via io/schema, lon/lat), with line numbers.
 */
import { IncidentTableBuilder, type IncidentTable, type IncidentTableOptions } from '../domain/incident-table';
import { readIncidentsCsv, type IncidentCsvRow } from './incidents-csv';

/**
 * Parses incidents.csv text into an IncidentTable; throws DatasetError naming the line of the first problems (up
 * to five), as readIncidentsCsv finds them.
 * @example incidentColumnsFromCsv(await readFile('incidents.csv', 'utf8')).n
 */
export function incidentColumnsFromCsv(text: string, options: IncidentTableOptions = {}): IncidentTable {
  // A rough row count from the text length sizes the columns once (about 120 bytes a row; they grow if short).
  const builder = new IncidentTableBuilder(Math.ceil(text.length / 120), options);
  readIncidentsCsv(text, ({ props, lon, lat, where }) => builder.add(props, lon, lat, where));
  return builder.finish();
}

/** Text handed to the CSV reader at a time: big enough that the per-piece set-up is noise, small next to a county's file. */
const PIECE_CHARS = 8 << 20;

/**
 * incidents.csv bytes, arriving in chunks (a file stream), into an IncidentTable without ever holding the whole
 * text: a county's 291 MB would be a ~530 MB string, and a file past V8's string limit (~512 M characters) could not
 * be read at all. The text is cut after a line break outside quotes into ~8 M-character pieces, each read with the
 * header row put in front and its true line numbers, so the checks and messages are incidentColumnsFromCsv's.
 * `byteLength` (the file's size, when known) sizes the columns once; `pieceChars` is the piece size (tests cut small).
 * @example await incidentColumnsFromCsvChunks(createReadStream('incidents.csv'), { titles: true }, size)
 */
export async function incidentColumnsFromCsvChunks(
  chunks: AsyncIterable<Uint8Array>,
  options: IncidentTableOptions = {},
  byteLength?: number,
  pieceChars = PIECE_CHARS,
): Promise<IncidentTable> {
  /** Made with the first piece, sized from its rows per byte (a guess from the size alone over-allocates ~2×). */
  let builder: IncidentTableBuilder | null = null;
  let bytesIn = 0;
  // Not fatal, as Buffer's toString (the whole-file reader) is not: a stray byte reads as U+FFFD either way.
  const decoder = new TextDecoder('utf-8');
  const add = ({ props, lon, lat, where }: IncidentCsvRow) => builder!.add(props, lon, lat, where);
  /** The header row with its line break, once the first row is complete; put in front of every later piece. */
  let header: string | null = null;
  let headerLines = 0;
  /** The number of the first line of the text not yet read. */
  let line = 1;
  /** The text not yet read, as decoded (joined once per piece: appending to one string would copy it per chunk). */
  let parts: string[] = [];
  let length = 0;
  /** Whether the end of `parts` lies inside quotes, and where (in characters) the last complete row ends. */
  let quoted = false;
  let cut = 0;

  const flush = (end: number) => {
    const all = parts.join('');
    const piece = all.slice(0, end);
    const rest = all.slice(end);
    parts = rest ? [rest] : [];
    length = rest.length;
    cut = 0;
    if (header === null) {
      const rows = lineBreaks(piece);
      const share = length ? (end + rest.length) / Math.max(1, end) : 1;
      const guess = byteLength && bytesIn ? Math.ceil((rows * share * 1.05 * byteLength) / bytesIn) : rows;
      builder = new IncidentTableBuilder(Math.max(1024, guess), options);
      readIncidentsCsv(piece, add);
      header = piece.slice(0, headerEnd(piece));
      headerLines = lineBreaks(header);
    } else {
      readIncidentsCsv(header + piece, add, line - headerLines);
    }
    line += lineBreaks(piece);
  };
  const take = (s: string) => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) cut = length + i + 1;
    }
    parts.push(s);
    length += s.length;
  };

  for await (const chunk of chunks) {
    bytesIn += chunk.length;
    take(decoder.decode(chunk, { stream: true }));
    if (cut >= pieceChars) flush(cut);
  }
  take(decoder.decode());
  if (header === null || length) flush(length);
  return builder!.finish();
}

/** The end of the first row (after its line break, outside quotes), or the text's length. */
function headerEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) return i + 1;
  }
  return text.length;
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
