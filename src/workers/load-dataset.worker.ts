/**
 * Reads the start-up dataset off the main thread. The chain config.json → dataset.json → files is three round
 * trips; on the main thread each step waits for MapLibre's first frame (WebGL start-up blocks for most of a
 * second on a software GPU), here none does, and JSON parsing and the schema checks run here too.
 */
import { loadDatasetFromUrl } from '../io/url-source';
import { DatasetError } from '../io/errors';
import { resolveDatasetUrl } from '../stores/dataset-url';
import type { LoadDatasetReply, LoadDatasetRequest } from './load-dataset-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = async (e: MessageEvent<LoadDatasetRequest>) => {
  const { search, pageUrl, options } = e.data;
  let url = '';
  let reply: LoadDatasetReply;
  try {
    url = await resolveDatasetUrl(search, pageUrl);
    const dataset = await loadDatasetFromUrl(new URL(url, pageUrl).href, options);
    reply = { ok: true, url, dataset };
  } catch (err) {
    const error =
      err instanceof DatasetError
        ? { file: err.file, where: err.where, detail: err.detail }
        : { message: err instanceof Error ? err.message : String(err) };
    reply = { ok: false, url, error };
  }
  scope.postMessage(reply);
};
