/**
 * incidents.csv read as a stream of chunks, a piece at a time (what `gridsight pack` does with a county's 291 MB):
 * the same table as reading the whole text, wherever the chunks and the pieces cut it (inside a quoted field, inside
 * a multi-byte character, between CR and LF), and the same messages with the file's own line numbers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { incidentColumnsFromCsv, incidentColumnsFromCsvChunks } from '../../../src/io/incidents-columns';
import { createRng } from '../../../src/domain/random';

const HEADER = 'id,category,level,status,reportedAt,gridCode,closedAt,deadline,supervised,title,lon,lat';

/** `rows` seeded rows; titles with commas, quotes, line breaks and characters of 1 to 4 bytes. */
function csv(rows: number, seed = 14): string {
  const rng = createRng(seed);
  const titles = ['仓库"A", 消防通道堵塞', '道路\n积水', 'plain', '', '表情 😀', 'a\r\nb'];
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const title = rng.pick(titles);
    const quoted = /[",\r\n]/.test(title) ? `"${title.replace(/"/g, '""')}"` : title;
    const closed = rng.chance(0.5) ? `2026-03-${String(day).padStart(2, '0')}T18:00:00+08:00` : '';
    lines.push(
      `E${i},${rng.pick(['fire', 'safety', 'party'])},${rng.int(1, 4)},closed,2026-03-${String(day).padStart(2, '0')}T0${i % 10}:00:00+08:00,g${i % 7},${closed},,${rng.chance(0.1)},${quoted},${(121 + rng.next() / 10).toFixed(7)},${(30 + rng.next() / 10).toFixed(7)}`,
    );
  }
  return `\ufeff${lines.join(rng.chance(0.5) ? '\n' : '\r\n')}\n`;
}

/** The bytes of `text` in chunks of `size` bytes (the last one shorter). */
async function* chunks(text: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return '';
  } catch (e) {
    return String(e);
  }
}

describe('incidentColumnsFromCsvChunks', () => {
  it('gives the whole-text table, whatever the chunk and piece sizes', async () => {
    const text = csv(3000);
    const whole = incidentColumnsFromCsv(text, { titles: true });
    expect(whole.title).toContain('道路\n积水');
    for (const [chunk, piece] of [
      [1, 1 << 20],
      [7, 1000],
      [4096, 5000],
      [100_000, 1],
    ]) {
      const bytes = new TextEncoder().encode(text).length;
      const table = await incidentColumnsFromCsvChunks(chunks(text, chunk), { titles: true }, bytes, piece);
      expect(table, `chunks of ${chunk}, pieces of ${piece}`).toEqual(whole);
    }
  });

  it('reads the fixture file as the loader does', async () => {
    const buffer = readFileSync('tests/fixtures/issue-10-incident-columns/incidents.csv');
    const table = await incidentColumnsFromCsvChunks(chunks(buffer, 100), {}, buffer.length, 300);
    expect(table).toEqual(incidentColumnsFromCsv(buffer.toString('utf8')));
  });

  it('names problems by the file\'s line, as the whole-text reader does', async () => {
    const lines = csv(400).split('\n');
    // A row with a bad level and one with too few fields, far past the first piece.
    const at = lines.findIndex((l, i) => i > 300 && l.startsWith('E'));
    lines[at] = lines[at].replace(/^(E\d+,\w+),\d,/, '$1,9,');
    lines[at + 3] = 'E9999,fire,2,closed';
    const text = lines.join('\n');
    const expected = await message(Promise.resolve().then(() => incidentColumnsFromCsv(text)));
    expect(expected).toMatch(/^DatasetError: incidents\.csv: 2 problems: line \d+: property "level" must be 1, 2, 3 or 4, got 9; line \d+: has 4 fields/);
    expect(await message(incidentColumnsFromCsvChunks(chunks(text, 333), {}, undefined, 2000))).toBe(expected);
    expect(await message(incidentColumnsFromCsvChunks(chunks(`${HEADER}\n"E1,fire`, 3), {}))).toBe(
      'DatasetError: incidents.csv: unclosed quote in the row starting on line 2',
    );
    expect(await message(incidentColumnsFromCsvChunks(chunks('', 3), {}))).toBe('DatasetError: incidents.csv: is empty (a header row is required)');
  });
});
