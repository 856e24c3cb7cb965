/**
 * Import off the main thread: reading a Shapefile, KMZ or a 100 MB CSV takes seconds. Thin on purpose: readImportFile
 * and importLayer are the CLI's own, so the preview's counts are `import --dry-run`'s. The file's bytes stay here
 * (by token) so a new target, CRS or mapping re-runs without sending them again; the layers read are kept per
 * encoding. Every failure goes back as a message, with what the dialog needs to offer a fix (columns, layers).
 */
import type { Feature } from 'geojson';
import { FILE_SPECS } from '../io/schema';
import { AREAL_TARGETS, TARGET_FILE, importLayer } from '../io/import/pipeline';
import { readImportFile } from '../io/import/read';
import { ImportError, type RawLayer } from '../io/import/types';
import type { ImportFailure, ImportReply, ImportRequest } from './import-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let held: { token: number; name: string; bytes: Uint8Array } | null = null;
let read: { token: number; encoding: string | undefined; layers: RawLayer[] } | null = null;

function post(reply: ImportReply, transfer: Transferable[] = []): void {
  scope.postMessage(reply, transfer);
}

/** The columns of a layer, as the pipeline sees them: a table's header, else every attribute name met. */
function columnsOf(layer: RawLayer): string[] {
  if (layer.table) return layer.table.columns;
  const names = new Set<string>();
  for (const f of layer.features ?? []) for (const k of Object.keys(f.properties ?? {})) names.add(k);
  return [...names];
}

async function run(req: ImportRequest): Promise<{ reply: ImportReply; transfer?: Transferable[] }> {
  const { id } = req;
  if (req.file.bytes)
    held = { token: req.file.token, name: req.file.name, bytes: new Uint8Array(req.file.bytes) };
  if (!held || held.token !== req.file.token)
    return { reply: { id, ok: false, code: 'noFile', message: 'the file is not here' } };
  if (!read || read.token !== held.token || read.encoding !== req.encoding) {
    read = null;
    let shown = -1;
    const layers = await readImportFile(held.bytes, {
      fileName: held.name,
      encoding: req.encoding,
      // A reader may report every few kilobytes: one message per percent is enough for a progress bar.
      onProgress: (done) => {
        if (Math.floor(done * 100) === shown) return;
        shown = Math.floor(done * 100);
        post({ id, partial: true, stage: 'read', done });
      },
    });
    read = { token: held.token, encoding: req.encoding, layers };
  }
  const layers = read.layers;
  const names = layers.map((l) => l.name);
  const layer = layers.find((l) => l.name === req.layer) ?? layers[0];
  if (!layer)
    return {
      reply: { id, ok: false, code: 'empty', message: 'the file holds no layer to import', layers: names },
    };
  post({ id, partial: true, stage: 'check', done: 0 });
  try {
    const { report, features } = importLayer(layer, {
      as: req.as,
      crs: req.crs,
      swapXY: req.swapXY,
      map: req.map,
      context: req.context,
    });
    // Points merged into the dataset's: draw those this file added or changed, not the whole merged layer.
    const existing = new Set<Feature>(req.context.existing ?? []);
    const drawn = AREAL_TARGETS.has(req.as) ? features : features.filter((f) => !existing.has(f));
    const file = new TextEncoder().encode(`${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
    const reply: ImportReply = {
      id,
      ok: true,
      layers: names,
      layer: layer.name,
      report,
      preview: { type: 'FeatureCollection', features: drawn },
      file,
    };
    return { reply, transfer: [file.buffer] };
  } catch (e) {
    if (e instanceof ImportError && e.code === 'missingColumn') {
      const spec = FILE_SPECS[TARGET_FILE[req.as]];
      const required = [...Object.keys(spec.required), ...(layer.table ? ['lon', 'lat'] : [])];
      const named = /required ([^;]+);/.exec(e.detail)?.[1] ?? '';
      const missing = [...named.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      const reply: ImportFailure = {
        id,
        ok: false,
        code: e.code,
        message: e.message,
        layers: names,
        columns: columnsOf(layer),
        required,
        missing: missing.length ? missing : layer.table ? ['lon', 'lat'] : required,
      };
      return { reply };
    }
    throw Object.assign(e instanceof Error ? e : new Error(String(e)), { layers: names });
  }
}

scope.onmessage = (e: MessageEvent<ImportRequest>) => {
  const req = e.data;
  run(req)
    .then(({ reply, transfer }) => post(reply, transfer))
    .catch((err: unknown) => {
      const failure: ImportFailure = {
        id: req.id,
        ok: false,
        code: err instanceof ImportError ? err.code : 'failed',
        message: err instanceof Error ? err.message : String(err),
        ...((err as { layers?: string[] }).layers ? { layers: (err as { layers: string[] }).layers } : {}),
      };
      post(failure);
    });
};
