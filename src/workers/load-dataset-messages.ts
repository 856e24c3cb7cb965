/** The dataset-reading worker's request (in its URL) and its one reply message. */
import type { Dataset } from '../domain/types';
import type { LoadOptions } from '../io/dataset';
import type { DataRefusal } from '../io/dataset-url-policy';
import type { ErrorReason } from '../io/errors';

/** The query parameter of the worker's own URL that carries the LoadDatasetRequest, as JSON. */
export const REQUEST_PARAM = 'request';

/** What to read; sent in the worker's URL (REQUEST_PARAM), so the worker starts without waiting for a message. */
export interface LoadDatasetRequest {
  /** The page's query string (`?data=` wins over config.json). */
  search: string;
  /** The page's address: config.json and relative dataset folders are resolved against it, not the worker's. */
  pageUrl: string;
  options: LoadOptions;
}

export type LoadDatasetReply =
  /**
   * `url` as written (in ?data= or config.json), for the store to show and compare; `refused`: a ?data= not
   * followed; `version`: the server's dataset version its files came from (null: static files, or not said).
   */
  | { ok: true; url: string; refused: DataRefusal | null; dataset: Dataset; version: number | null }
  /** `signIn`: the server serves the data and nobody is logged in; nothing was read (the app asks for a login). */
  | {
      ok: false;
      url: string;
      refused: DataRefusal | null;
      signIn?: true;
      error: { file: string; where?: string; detail: string; reason?: ErrorReason } | { message: string };
    };
