/**
 * The import dialog's side of the import worker (import.worker.ts): one WorkerClient, one import at a time. The
 * file's bytes are read from the File (a handle, not a copy in memory) and transferred to the worker only when it
 * does not hold them yet: after the first run, a new target, CRS or mapping sends only the options. The same for
 * the dataset's layers a run checks against (the base map's roads and buildings, the loaded enterprises, the
 * communities): each is copied to the worker once per dataset version (`context.key`), later runs name the key.
 * `cancel` terminates the worker mid-read; the next run starts a fresh one and sends the bytes and layers again. A
 * worker that answers it lacks them (`noFile`, `noContext`) is sent them again, once.
 */
import { WorkerClient, type WorkerLike } from './client';
import {
  CONTEXT_PARTS,
  type ContextPart,
  type ContextParts,
  type ImportContextRef,
  type ImportFailure,
  type ImportProgress,
  type ImportReply,
  type ImportRequest,
  type ImportSuccess,
} from './import-messages';

/**
 * What a run checks against: the dataset version (the dataset store's `version`) and the parts of it this run uses.
 * Handed over by reference: a part is copied to the worker only when it may not hold it for `key` yet.
 */
export interface ImportRunContext extends ContextParts {
  key: number;
}

export type ImportRunOptions = Omit<ImportRequest, 'id' | 'file' | 'context'> & { context: ImportRunContext };

export interface ImportClient {
  /**
   * Reads (unless the worker holds this file already) and checks the file; resolves with the report or with a
   * failure to show, rejects with a WorkerRequestError when cancelled (`dropped`) or when the worker broke.
   */
  run(
    file: Blob,
    name: string,
    token: number,
    options: ImportRunOptions,
    progress?: (p: ImportProgress) => void,
  ): Promise<ImportSuccess | ImportFailure>;
  /** Stops the worker now (a long read included) and forgets the file and the dataset layers it held. */
  cancel(): void;
}

const createWorker = (): WorkerLike =>
  new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });

/**
 * @example
 * const client = createImportClient();
 * await client.run(file, file.name, 1, { as: 'grids', context: { key: dataset.version } });
 */
export function createImportClient(create: () => WorkerLike = createWorker): ImportClient {
  const client = new WorkerClient<ImportRequest, ImportReply>({ name: 'import', create });
  /** The file token the worker holds the bytes of, as far as this side knows. */
  let held: number | null = null;
  /** The dataset version, and its parts, the worker holds, as far as this side knows. */
  let kept: { key: number; parts: Set<ContextPart> } | null = null;

  /** The context as sent: every part used, with the features of those the worker lacks (or `again` names). */
  function contextRef(ctx: ImportRunContext, again: readonly ContextPart[] = []): ImportContextRef {
    const use = CONTEXT_PARTS.filter((p) => ctx[p]);
    if (kept?.key !== ctx.key) kept = { key: ctx.key, parts: new Set() };
    const sent: ContextParts = {};
    for (const p of use) {
      if (kept.parts.has(p) && !again.includes(p)) continue;
      Object.assign(sent, { [p]: ctx[p] });
      kept.parts.add(p);
    }
    return { key: ctx.key, use, sent };
  }

  function ask(
    token: number,
    file: { name: string; bytes?: ArrayBuffer },
    options: Omit<ImportRequest, 'id' | 'file'>,
    progress?: (p: ImportProgress) => void,
  ): Promise<ImportSuccess | ImportFailure> {
    return new Promise((resolve, reject) => {
      if (file.bytes) held = token;
      client.request(
        'import',
        (id) => ({ id, file: { token, ...file }, ...options }),
        {
          // Progress goes to `progress`: what comes here is the answer.
          reply: (r) => resolve(r as ImportSuccess | ImportFailure),
          fail: (e) => {
            // A superseded request still reached the worker, which kept what it carried; anything else (the
            // worker crashed, the message was not sent) may have lost it.
            if (!e.dropped) {
              held = null;
              kept = null;
            }
            reject(e);
          },
          progress: (p) => progress?.(p as ImportProgress),
        },
        file.bytes ? [file.bytes] : [],
      );
    });
  }

  async function run(
    blob: Blob,
    name: string,
    token: number,
    options: ImportRunOptions,
    progress?: (p: ImportProgress) => void,
  ): Promise<ImportSuccess | ImportFailure> {
    const { context, ...rest } = options;
    const bytes = held === token ? undefined : await blob.arrayBuffer();
    let reply = await ask(token, { name, bytes }, { ...rest, context: contextRef(context) }, progress);
    // The worker was restarted since, or lost a dataset version: send what it lacks again, once.
    if (!reply.ok && (reply.code === 'noFile' || reply.code === 'noContext')) {
      const again = reply.absent ?? [...CONTEXT_PARTS];
      if (reply.code === 'noFile') held = null;
      const resent = reply.code === 'noFile' ? await blob.arrayBuffer() : undefined;
      reply = await ask(
        token,
        { name, bytes: resent },
        { ...rest, context: contextRef(context, again) },
        progress,
      );
    }
    return reply;
  }

  function cancel(): void {
    held = null;
    kept = null;
    client.terminate();
  }

  return { run, cancel };
}
