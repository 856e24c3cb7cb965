/** The messages between the validation worker and the validation store: one request in, one reply out. */
import type { Dataset } from '../domain/types';
import type { ValidationReport } from '../geo/validate-dataset';

/** Only what validation reads: no base map, incidents or patrols cross the thread boundary. */
export type ValidationInput = Pick<Dataset, 'manifest' | 'community' | 'grids' | 'microGrids' | 'enterprises' | 'members'>;

export interface ValidateRequest {
  /** Echoed in the reply, so the store can drop replies for a dataset that is no longer on screen. */
  id: number;
  dataset: ValidationInput;
  /** Metres; undefined takes validateDataset's default. */
  tolerance?: number;
  /** Epoch ms, "now" for datasets without asOf. */
  now: number;
}

export type ValidateReply =
  | { id: number; ok: true; report: ValidationReport; ms: number }
  | { id: number; ok: false; error: string };

/** @example validationInput(index.dataset) */
export function validationInput(dataset: Dataset): ValidationInput {
  const { manifest, community, grids, microGrids, enterprises, members } = dataset;
  return { manifest, community, grids, microGrids, enterprises, members };
}
