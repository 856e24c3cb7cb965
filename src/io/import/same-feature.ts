/**
 * When a feature merged by id counts as unchanged: the same properties and geometry, whatever the order of the keys
 * in any object (a file written by another tool orders `coordinates` before `type`). One rule for the import's merge
 * (pipeline) and the server's counts of an applied import (server/data-import).
 */
import type { Feature } from 'geojson';

/** JSON with object keys sorted, at every depth. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * A feature's properties and geometry as one string: equal for features that are the same (sameFeature).
 * @example featureKey(a) === featureKey(b)
 */
export function featureKey(f: Feature): string {
  return stableJson({ properties: f.properties ?? null, geometry: f.geometry ?? null });
}

/** Whether two features have the same properties and geometry (key order aside). */
export function sameFeature(a: Feature, b: Feature): boolean {
  return featureKey(a) === featureKey(b);
}
