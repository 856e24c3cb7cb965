/**
 * A dataset version's fingerprint: SHA-256 over what a plan rests on (communities, grids, micro-grids with their
 * lineage, enterprises). A draft records the fingerprint of the dataset it started from, and says so when the
 * dataset loaded now has another one. Incidents, patrols, members and the base map do not enter: new incidents
 * every day must not make every draft look stale.
 */
import type { Dataset } from '../../domain/types';

/**
 * JSON with object keys sorted, so the same data gives the same text whichever way it was built (a loaded file, a
 * plan's output). Arrays keep their order: the order of rings and features is data.
 */
function canonical(value: unknown, out: string[]): void {
  if (value === null || typeof value !== 'object') {
    out.push(value === undefined ? 'null' : JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i) out.push(',');
      canonical(value[i], out);
    }
    out.push(']');
    return;
  }
  const keys = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((k, i) => {
    out.push(`${i ? ',' : ''}${JSON.stringify(k)}:`);
    const v = (value as Record<string, unknown>)[k];
    // A geometry's coordinates are nested arrays of numbers (the loader checked them): no keys to sort, so the
    // plain JSON is already canonical, and one stringify is far cheaper than a push per number (a county: ~10×).
    if (k === 'coordinates' && Array.isArray(v)) out.push(JSON.stringify(v));
    else canonical(v, out);
  });
  out.push('}');
}

const hex = (buffer: ArrayBuffer) => [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 of bytes, in hex (WebCrypto: the browser, workers and Node alike). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
}

/**
 * The fingerprint, 64 hex digits. Uses WebCrypto (`globalThis.crypto.subtle`: browsers on https or localhost, Node 20).
 * @example if ((await datasetFingerprint(dataset)) !== draft.baseFingerprint) showChangedNotice()
 */
export async function datasetFingerprint(dataset: Dataset): Promise<string> {
  const out: string[] = [];
  // Labelled parts, so moving a feature from one file to another changes the fingerprint.
  for (const [label, fc] of [
    ['community', dataset.community],
    ['grids', dataset.grids],
    ['microgrids', dataset.microGrids],
    ['enterprises', dataset.enterprises],
  ] as const) {
    out.push(`${label}:`);
    canonical(fc?.features ?? [], out);
    out.push('\n');
  }
  return sha256Hex(new TextEncoder().encode(out.join('')));
}
