/** The messages between the dataset-reading worker and the main thread: one request in, one reply out. */
import type { Dataset } from '../domain/types';
import type { LoadOptions } from '../io/dataset';

export interface LoadDatasetRequest {
  /** The page's query string (`?data=` wins over config.json). */
  search: string;
  /** The page's address: config.json and relative dataset folders are resolved against it, not the worker's. */
  pageUrl: string;
  options: LoadOptions;
}

export type LoadDatasetReply =
  /** `url` as written (in ?data= or config.json), for the store to show and compare. */
  | { ok: true; url: string; dataset: Dataset }
  | { ok: false; url: string; error: { file: string; where?: string; detail: string } | { message: string } };
