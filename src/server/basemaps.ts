/**
 * The raster base maps the server's config.json offers (`basemaps`, as a static deployment's config.json does),
 * from a JSON file named by GS_BASEMAPS at start. Checked then by the app's own rules (io/basemap-config: 天地图 with
 * a key, XYZ/WMTS URLs, never GCJ-02 or BD-09 tiles) and against the Content-Security-Policy the server sends
 * (GS_TILE_ORIGINS, csp.mjs): a wrong entry stops the start with the file, the entry and the field, instead of
 * being left out in every browser.
 */
import { readFile } from 'node:fs/promises';
import { parseBasemapConfig } from '../io/basemap-config';
import { tileOriginsFromEnv, TILE_ORIGINS_ENV } from './csp.mjs';

/** The environment variable naming the JSON file: a list of base maps, or an object with `basemaps` (a config.json). */
export const BASEMAPS_ENV = 'GS_BASEMAPS';

/** Relative tile URLs ("/tiles/{z}/{x}/{y}.png") are paths on the page's own origin, which the CSP always allows. */
const OWN_PAGE = 'http://gridsight.invalid/';

/**
 * The entries of `value` (a list, or a config.json's object with `basemaps`) as the server will send them, after
 * checking every one; throws an Error naming `where`, the entry and the field of the first problems.
 * @example checkServerBasemaps([{ id: 'tdt', type: 'tianditu', layer: 'vec', tk: 'k' }], 'basemaps.json', TIANDITU_ORIGINS)
 */
export function checkServerBasemaps(
  value: unknown,
  where: string,
  tileOrigins: readonly string[],
): unknown[] {
  const list =
    value && typeof value === 'object' && !Array.isArray(value) && 'basemaps' in value
      ? (value as { basemaps: unknown }).basemaps
      : value;
  if (!Array.isArray(list)) {
    throw new Error(
      `${where}: must be a list of base maps, or an object with a "basemaps" list (a config.json)`,
    );
  }
  const { basemaps, errors } = parseBasemapConfig(list, OWN_PAGE);
  const problems = errors.map((e) => e.message.replace(/^config\.json /, ''));
  const allowed = new Set([new URL(OWN_PAGE).origin, ...tileOrigins.map((o) => new URL(o).origin)]);
  for (const b of basemaps) {
    const outside = b.origins.filter((o) => !allowed.has(o));
    if (outside.length) {
      problems.push(
        `basemaps ${b.id}: its tiles come from ${outside.join(', ')}, which ${TILE_ORIGINS_ENV} does not list: the browser would refuse them (add ${b.type === 'tianditu' ? 'the word tianditu' : 'the origin'} to ${TILE_ORIGINS_ENV}, or serve the tiles under this server's origin)`,
      );
    }
  }
  if (problems.length) {
    const more = problems.length > 3 ? `; and ${problems.length - 3} more` : '';
    throw new Error(`${where}: ${problems.slice(0, 3).join('; ')}${more}`);
  }
  return list as unknown[];
}

/**
 * The base maps of the file GS_BASEMAPS names in `env` (none when unset), checked against GS_TILE_ORIGINS of the same
 * environment. Throws an Error naming the file and what is wrong.
 * @example const basemaps = await basemapsFromEnv() // GS_BASEMAPS=/etc/gridsight/basemaps.json
 */
export async function basemapsFromEnv(
  env: Record<string, string | undefined> = process.env,
): Promise<unknown[]> {
  const file = env[BASEMAPS_ENV];
  if (!file) return [];
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new Error(`${BASEMAPS_ENV}: ${file} cannot be read (${(e as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new Error(`${BASEMAPS_ENV}: ${file} is not valid JSON (${(e as Error).message})`);
  }
  return checkServerBasemaps(value, `${BASEMAPS_ENV} ${file}`, tileOriginsFromEnv(env));
}
