/**
 * An input problem that makes a dataset unreadable: what is wrong and where, in one line.
 * `file` is the dataset file ("grids.geojson"), `where` the place inside it ("feature 3 (code 330424002201003)").
 */
export class DatasetError extends Error {
  readonly file: string;
  readonly where?: string;
  readonly detail: string;

  constructor(file: string, detail: string, where?: string) {
    super(where ? `${file}: ${where}: ${detail}` : `${file}: ${detail}`);
    this.name = 'DatasetError';
    this.file = file;
    this.where = where;
    this.detail = detail;
  }
}

/** Several problems in one file, reported together so a user fixes them in one pass. */
export function combineErrors(file: string, errors: DatasetError[], limit = 5): DatasetError {
  if (errors.length === 1) return errors[0];
  const shown = errors.slice(0, limit).map((e) => (e.where ? `${e.where}: ${e.detail}` : e.detail));
  const more = errors.length > limit ? `; and ${errors.length - limit} more` : '';
  return new DatasetError(file, `${errors.length} problems: ${shown.join('; ')}${more}`);
}
