/**
 * The import dialog's side of the import worker (import.worker.ts): one WorkerClient, one import at a time. The
 * file's bytes are read from the File (a handle, not a copy in memory) and transferred to the worker only when it
 * does not hold them yet: after the first run, a new target, CRS or mapping sends only the options. `cancel`
 * terminates the worker mid-read; the next run starts a fresh one and sends the bytes again.
 */
import { WorkerClient, type WorkerLike } from './client';
import type {
  ImportFailure,
  ImportProgress,
  ImportReply,
  ImportRequest,
  ImportSuccess,
} from './import-messages';

export type ImportRunOptions = Omit<ImportRequest, 'id' | 'file'>;

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
  /** Stops the worker now (a long read included) and forgets the file it held. */
  cancel(): void;
}

const createWorker = (): WorkerLike =>
  new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module', name: 'import' });

/** @example const client = createImportClient(); await client.run(file, file.name, 1, { as: 'grids', context: {} }) */
export function createImportClient(create: () => WorkerLike = createWorker): ImportClient {
  const client = new WorkerClient<ImportRequest, ImportReply>({ name: 'import', create });
  /** The file token the worker holds the bytes of, as far as this side knows. */
  let held: number | null = null;

  function ask(
    token: number,
    file: { name: string; bytes?: ArrayBuffer },
    options: ImportRunOptions,
    progress?: (p: ImportProgress) => void,
  ): Promise<ImportSuccess | ImportFailure> {
    return new Promise((resolve, reject) => {
      client.request(
        'import',
        (id) => ({ id, file: { token, ...file }, ...options }),
        {
          // Progress goes to `progress`: what comes here is the answer.
          reply: (r) => resolve(r as ImportSuccess | ImportFailure),
          fail: (e) => {
            held = null;
            reject(e);
          },
          progress: (p) => progress?.(p as ImportProgress),
        },
        file.bytes ? [file.bytes] : [],
      );
      if (file.bytes) held = token;
    });
  }

  async function run(
    blob: Blob,
    name: string,
    token: number,
    options: ImportRunOptions,
    progress?: (p: ImportProgress) => void,
  ): Promise<ImportSuccess | ImportFailure> {
    const bytes = held === token ? undefined : await blob.arrayBuffer();
    let reply = await ask(token, { name, bytes }, options, progress);
    // The worker was restarted since (it failed once): send the bytes again, once.
    if (!reply.ok && reply.code === 'noFile') {
      held = null;
      reply = await ask(token, { name, bytes: await blob.arrayBuffer() }, options, progress);
    }
    return reply;
  }

  function cancel(): void {
    held = null;
    client.terminate();
  }

  return { run, cancel };
}
