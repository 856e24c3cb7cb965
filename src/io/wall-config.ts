/**
 * The wall screen's timings. Read from the hash route's query (`#/wall?refresh=30&tour=12&pause=90`), then from
 * `wall` in config.json (`{ "wall": { "refresh": 30 } }`), then the defaults below. A value that is not a number
 * between WALL_MIN and WALL_MAX is not used; it is named in `problems`, with its range, so the screen can say so.
 */
export interface WallConfig {
  /** Seconds between re-reads of the data source. Default 60. */
  refresh: number;
  /** Seconds the tour stays on a grid. Default 15. */
  tour: number;
  /** Seconds the tour waits after the last pointer, wheel or key interaction. Default 120. */
  pause: number;
  /** Longest wait between retries after a failed re-read, seconds (the wait doubles up to this). Default 300. */
  retryMax: number;
  /**
   * Seconds after the data's asOf from which the wall says the data is old (its "本月" is then the data's month, not
   * the calendar's). Default 86400: a day.
   */
  staleAfter: number;
}

export const WALL_DEFAULTS: WallConfig = { refresh: 60, tour: 15, pause: 120, retryMax: 300, staleAfter: 86_400 };
const KEYS = Object.keys(WALL_DEFAULTS) as (keyof WallConfig)[];

/** Lower bounds, so a typo cannot turn the wall into a load test of the server. */
export const WALL_MIN: WallConfig = { refresh: 1, tour: 2, pause: 1, retryMax: 1, staleAfter: 60 };
/**
 * Upper bounds. Timers take milliseconds as a 32-bit signed integer: a delay above 2^31 − 1 ms (≈ 24.8 days)
 * overflows and fires at once, so `refresh=3000000` re-read the data without pause. A day between re-reads,
 * an hour per grid on the tour, a day of pause are more than any wall needs and far below that limit.
 */
export const WALL_MAX: WallConfig = { refresh: 86_400, tour: 3_600, pause: 86_400, retryMax: 86_400, staleAfter: 31_536_000 };

export interface WallConfigResult {
  config: WallConfig;
  /** "refresh=abc (1–86400)", one per value that was given and not used, with the range it must be in. */
  problems: string[];
}

/**
 * @example wallConfig(new URLSearchParams('refresh=30'), { wall: { tour: 10 } }).config // { refresh: 30, tour: 10, … }
 */
export function wallConfig(query: URLSearchParams, fromFile: unknown): WallConfigResult {
  const file = (fromFile as { wall?: Record<string, unknown> } | null)?.wall ?? {};
  const config = { ...WALL_DEFAULTS };
  const problems: string[] = [];
  for (const key of KEYS) {
    const fromQuery = query.get(key);
    const raw: unknown = fromQuery ?? (file as Record<string, unknown>)[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isFinite(n) || n < WALL_MIN[key] || n > WALL_MAX[key])
      problems.push(`${key}=${String(raw)} (${WALL_MIN[key]}–${WALL_MAX[key]})`);
    else config[key] = n;
  }
  return { config, problems };
}

/** The query of the hash route: `#/wall?refresh=30` → `refresh=30`. */
export function hashQuery(hash: string = window.location.hash): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/**
 * The wait before the next re-read: the refresh interval after a good one; after `failures` failed ones in a row,
 * the interval doubled each time, at most `retryMax`.
 * @example nextDelay({ refresh: 30, retryMax: 300 }, 3) // 120
 */
export function nextDelay(config: Pick<WallConfig, 'refresh' | 'retryMax'>, failures: number): number {
  if (failures <= 0) return config.refresh;
  return Math.min(config.refresh * 2 ** (failures - 1), Math.max(config.retryMax, config.refresh));
}
