/**
 * The month statistics off the main thread (patrol area coverage alone takes most of a second on the bundled
 * community). Thin on purpose: datasetStats is the function the CLI's `stats` runs, so the app shows its numbers.
 * Every failure goes back as a message.
 */
import type { Dataset } from '../domain/types';
import { datasetStats } from '../geo/dataset-stats';
import { DatasetError } from '../io/errors';
import { urlSource } from '../io/url-source';
import {
  withIncidentsAndPatrols,
  type StatsError,
  type StatsReply,
  type StatsRequest,
} from './stats-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/** The dataset of the latest `dataset` message, complete once its incidents and patrols are read. */
let current: { key: number; dataset: Promise<Dataset> } | null = null;

function toError(err: unknown): StatsError {
  if (err instanceof DatasetError) return { file: err.file, where: err.where, message: err.detail };
  return { message: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

scope.onmessage = async (e: MessageEvent<StatsRequest>) => {
  const request = e.data;
  if (request.type === 'dataset') {
    const dataset = withIncidentsAndPatrols(urlSource(request.baseUrl), request.dataset);
    dataset.catch(() => {}); // reported with the first stats request that needs it
    current = { key: request.key, dataset };
    return;
  }
  const { id, key } = request;
  let reply: StatsReply;
  try {
    if (!current || current.key !== key) throw new Error(`no dataset ${key} was sent to the stats worker`);
    const dataset = await current.dataset;
    const start = performance.now();
    if (request.type !== 'stats') throw new Error(`the stats worker does not answer ${request.type} requests yet`);
    const stats = datasetStats(dataset, { month: request.month, now: request.now });
    reply = { kind: 'stats', id, ok: true, stats, ms: performance.now() - start };
  } catch (err) {
    reply = { kind: request.type, id, ok: false, error: toError(err) };
  }
  scope.postMessage(reply);
};
