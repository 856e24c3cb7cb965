/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, CRLF or LF, a UTF-8 BOM allowed.
 * Yields rows as string arrays, with the 1-based line number of the row's start for error messages (`firstLine`:
 * the number of the text's first line, when the text is a piece of a larger file; default 1).
 * @example for (const { row, line } of csvRows('a,b\n1,"x,y"\n')) console.log(line, row)
 */
export function* csvRows(text: string, firstLine = 1): Generator<{ row: string[]; line: number }> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = firstLine;
  while (i < n) {
    const startLine = line;
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new SyntaxError(`unclosed quote in the row starting on line ${startLine}`);
          field += text.slice(i, q);
          for (let k = i; k < q; k++) if (text.charCodeAt(k) === 10) line++;
          i = q + 1;
          if (text[i] === '"') {
            field += '"';
            i++;
          } else break;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        field = text.slice(i, j);
        i = j;
      }
      row.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    line++;
    if (row.length === 1 && row[0] === '') continue; // blank line
    yield { row, line: startLine };
  }
}
