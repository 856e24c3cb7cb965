/**
 * Reads and checks patrol-area.json (geo/patrol-area): the stored figures are used as they are, so every one is
 * checked here, and a file that is not one is refused with where it went wrong.
 */
import type { PatrolAreaFile, PatrolAreaMonth } from '../domain/types';
import { PATROL_AREA_FILE, PATROL_AREA_FORMAT, PATROL_AREA_VERSION } from '../geo/patrol-area';
import { DatasetError, excerpt } from './errors';
import { parseJson } from './schema';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const KEY = /^[0-9a-f]{16}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isFigure = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseMonth(value: unknown, i: number): PatrolAreaMonth {
  const where = `months[${i}]`;
  const fail = (detail: string, at = where) => new DatasetError(PATROL_AREA_FILE, detail, at);
  if (!isObject(value)) throw fail(`must be an object, got ${excerpt(value)}`);
  const { month, radius, cell, key, grids } = value;
  if (typeof month !== 'string' || !MONTH.test(month))
    throw fail(`"month" must be "YYYY-MM", got ${excerpt(month)}`);
  if (typeof radius !== 'number' || !(radius > 0) || !Number.isFinite(radius))
    throw fail(`"radius" must be metres > 0, got ${excerpt(radius)}`);
  if (typeof cell !== 'number' || !(cell > 0) || !Number.isFinite(cell))
    throw fail(`"cell" must be metres > 0, got ${excerpt(cell)}`);
  if (typeof key !== 'string' || !KEY.test(key))
    throw fail(`"key" must be 16 hexadecimal digits, got ${excerpt(key)}`);
  if (!isObject(grids))
    throw fail(`"grids" must be an object of grid code → [covered m², area m²], got ${excerpt(grids)}`);
  const figures: Record<string, [number, number]> = Object.create(null);
  for (const [code, pair] of Object.entries(grids)) {
    const ok =
      Array.isArray(pair) &&
      pair.length === 2 &&
      isFigure(pair[0]) &&
      isFigure(pair[1]) &&
      pair[0] <= pair[1];
    if (!ok) {
      throw fail(
        `must be [covered m², area m²], two numbers ≥ 0 with covered ≤ area, got ${excerpt(pair)}`,
        `${where}.grids[${excerpt(code)}]`,
      );
    }
    figures[code] = [pair[0], pair[1]];
  }
  return { month, radius, cell, key, grids: figures };
}

/**
 * @example parsePatrolArea(await source.read('patrol-area.json')).months[0].month // "2025-12"
 */
export function parsePatrolArea(text: string): PatrolAreaFile {
  const json = parseJson(PATROL_AREA_FILE, text);
  if (!isObject(json)) throw new DatasetError(PATROL_AREA_FILE, `must be an object, got ${excerpt(json)}`);
  if (json.format !== PATROL_AREA_FORMAT) {
    throw new DatasetError(
      PATROL_AREA_FILE,
      `"format" must be "${PATROL_AREA_FORMAT}", got ${excerpt(json.format)}`,
    );
  }
  if (json.version !== PATROL_AREA_VERSION) {
    throw new DatasetError(
      PATROL_AREA_FILE,
      `is version ${excerpt(json.version)}; this GridSight reads version ${PATROL_AREA_VERSION} (run gridsight pack again)`,
    );
  }
  if (!Array.isArray(json.months))
    throw new DatasetError(PATROL_AREA_FILE, `"months" must be an array, got ${excerpt(json.months)}`);
  return { format: PATROL_AREA_FORMAT, version: PATROL_AREA_VERSION, months: json.months.map(parseMonth) };
}
