/**
 * What the import worker does with each request, apart from the worker itself so a test or a benchmark can run it
 * in-process. readImportFile and importLayer are the CLI's own, so the preview's counts are `import --dry-run`'s.
 *
 * Between runs it keeps what re-running with another target, CRS or mapping would otherwise receive and rebuild
 * each time: the file's bytes (by token) and the layers read from them (per encoding); the dataset's layers the
 * pipeline checks against (by dataset version: the county's roads and buildings alone are ~18 MB as JSON, copied
 * to the worker), with the base map's index, built at its first use, and the loaded enterprises' set. A run that
 * names a file or a dataset version not kept here gets `noFile` or `noContext`, with the parts it lacks, for the
 * client to send them again.
 * Every failure goes back as a reply, with what the dialog needs to offer a fix (columns, layers).
 */
import type { Feature } from 'geojson';
import { FILE_SPECS } from '../io/schema';
import { AREAL_TARGETS, TARGET_FILE, importLayer, type ImportContext } from '../io/import/pipeline';
import { readImportFile } from '../io/import/read';
import { ImportError, type RawLayer } from '../io/import/types';
import { basemapFitIndex, type BasemapFitIndex } from '../geo/basemap-fit';
import {
  type ContextPart,
  type ContextParts,
  type ImportContextRef,
  type ImportFailure,
  type ImportReply,
  type ImportRequest,
  type ImportSuccess,
} from './import-messages';

export interface ImportAnswer {
  reply: ImportSuccess | ImportFailure;
  transfer?: Transferable[];
}

/** The dataset's layers of one version, and what is built from them at first use. */
interface Kept {
  key: number;
  parts: ContextParts;
  /** basemapFitIndex(parts.basemap); undefined: not built yet. */
  fit?: BasemapFitIndex | null;
  /** parts.existing as a set: a merged feature not in it was added or changed by the file. */
  existingSet?: Set<Feature>;
}

/** The columns of a layer, as the pipeline sees them: a table's header, else every attribute name met. */
function columnsOf(layer: RawLayer): string[] {
  if (layer.table) return layer.table.columns;
  const names = new Set<string>();
  for (const f of layer.features ?? []) for (const k of Object.keys(f.properties ?? {})) names.add(k);
  return [...names];
}

/**
 * `post` hears the progress replies sent ahead of the answer.
 * @example
 * const handle = createImportHandler();
 * handle(e.data, post).then(({ reply, transfer }) => post(reply, transfer));
 */
export function createImportHandler(): (
  req: ImportRequest,
  post: (progress: ImportReply) => void,
) => Promise<ImportAnswer> {
  let held: { token: number; name: string; bytes: Uint8Array } | null = null;
  let read: { token: number; encoding: string | undefined; layers: RawLayer[] } | null = null;
  let kept: Kept | null = null;

  /** Keeps the parts sent (a new key drops the old version's first); returns the version kept, the parts lacking. */
  function keep(ref: ImportContextRef): { mine: Kept; absent: ContextPart[] } {
    if (kept?.key !== ref.key) kept = { key: ref.key, parts: {} };
    const mine = kept;
    const { communities, existing, basemap } = ref.sent;
    if (communities) mine.parts.communities = communities;
    if (existing) {
      mine.parts.existing = existing;
      mine.existingSet = undefined;
    }
    if (basemap) {
      mine.parts.basemap = basemap;
      mine.fit = undefined;
    }
    return { mine, absent: ref.use.filter((p) => !mine.parts[p]) };
  }

  /** The pipeline's context: the parts this run uses, and the base map's index built once per version. */
  function contextOf(mine: Kept, use: ContextPart[]): ImportContext {
    const context: ImportContext = {};
    if (use.includes('communities')) context.communities = mine.parts.communities;
    if (use.includes('existing')) context.existing = mine.parts.existing;
    const basemap = use.includes('basemap') ? mine.parts.basemap : undefined;
    if (basemap) {
      context.basemap = basemap;
      context.basemapIndex = () =>
        mine.fit === undefined ? (mine.fit = basemapFitIndex(basemap)) : mine.fit;
    }
    return context;
  }

  async function handle(req: ImportRequest, post: (progress: ImportReply) => void): Promise<ImportAnswer> {
    const { id } = req;
    // Both kept before the first await: a request that comes while this one reads finds them.
    if (req.file.bytes)
      held = { token: req.file.token, name: req.file.name, bytes: new Uint8Array(req.file.bytes) };
    const { mine, absent } = keep(req.context);
    if (!held || held.token !== req.file.token) {
      const reply: ImportFailure = { id, ok: false, code: 'noFile', message: 'the file is not here', absent };
      return { reply };
    }
    if (absent.length) {
      const message = `the dataset's ${absent.join(', ')} (version ${req.context.key}) are not here`;
      return { reply: { id, ok: false, code: 'noContext', message, absent } };
    }
    const file = held;
    if (!read || read.token !== file.token || read.encoding !== req.encoding) {
      read = null;
      let shown = -1;
      const layers = await readImportFile(file.bytes, {
        fileName: file.name,
        encoding: req.encoding,
        // A reader may report every few kilobytes: one message per percent is enough for a progress bar.
        onProgress: (done) => {
          if (Math.floor(done * 100) === shown) return;
          shown = Math.floor(done * 100);
          post({ id, partial: true, stage: 'read', done });
        },
      });
      read = { token: file.token, encoding: req.encoding, layers };
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
      const context = contextOf(mine, req.context.use);
      const { report, features } = importLayer(layer, {
        as: req.as,
        crs: req.crs,
        swapXY: req.swapXY,
        map: req.map,
        context,
      });
      // Points merged into the dataset's: draw those this file added or changed, not the whole merged layer.
      let drawn = features;
      if (!AREAL_TARGETS.has(req.as) && context.existing) {
        const existing = (mine.existingSet ??= new Set<Feature>(context.existing));
        drawn = features.filter((f) => !existing.has(f));
      }
      const bytes = new TextEncoder().encode(`${JSON.stringify({ type: 'FeatureCollection', features })}\n`);
      const reply: ImportSuccess = {
        id,
        ok: true,
        layers: names,
        layer: layer.name,
        report,
        preview: { type: 'FeatureCollection', features: drawn },
        file: bytes,
      };
      return { reply, transfer: [bytes.buffer] };
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

  return handle;
}

/** A failure thrown by `handle` as the reply the dialog shows. */
export function failureReply(id: number, err: unknown): ImportFailure {
  return {
    id,
    ok: false,
    code: err instanceof ImportError ? err.code : 'failed',
    message: err instanceof Error ? err.message : String(err),
    ...((err as { layers?: string[] }).layers ? { layers: (err as { layers: string[] }).layers } : {}),
  };
}
