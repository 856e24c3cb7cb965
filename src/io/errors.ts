/**
 * An input problem that makes a dataset unreadable: what is wrong and where, in one line.
 * `file` is the dataset file ("grids.geojson"), `where` the place inside it ("feature 3 (code 330424002201003)").
 */
export class DatasetError extends Error {
  readonly file: string;
  readonly where?: string;
  readonly detail: string;
  /** The kind of problem, for a UI to say in its own language (`detail` stays the CLI's English). */
  readonly reason?: ErrorReason;

  constructor(file: string, detail: string, where?: string, reason?: ErrorReason) {
    super(where ? `${file}: ${where}: ${detail}` : `${file}: ${detail}`);
    this.name = 'DatasetError';
    this.file = file;
    this.where = where;
    this.detail = detail;
    this.reason = reason;
  }
}

/**
 * A problem a UI can translate: `key` names a message (the app's `error.reason.<key>`), `params` fill it.
 * - `notFound` {url}: nothing at that address (HTTP 404, or the server's web page where a data file should be);
 * - `unreachable` {url}: the request failed (network, CORS);
 * - `http` {url, status}: any other failed HTTP answer;
 * - `invalidJson`: the text is not JSON;
 * - `requiredMissing` {location}: dataset.json does not list a file the screen needs.
 */
export interface ErrorReason {
  key: 'notFound' | 'unreachable' | 'http' | 'invalidJson' | 'requiredMissing';
  params?: Record<string, string | number>;
}

/** Several problems in one file, reported together so a user fixes them in one pass. */
export function combineErrors(file: string, errors: DatasetError[], limit = 5): DatasetError {
  if (errors.length === 1) return errors[0];
  const shown = errors.slice(0, limit).map((e) => (e.where ? `${e.where}: ${e.detail}` : e.detail));
  const more = errors.length > limit ? `; and ${errors.length - limit} more` : '';
  return new DatasetError(file, `${errors.length} problems: ${shown.join('; ')}${more}`);
}

/** Longest excerpt of a file's content that a message may quote. */
const EXCERPT_CHARS = 24;

/**
 * A short, escaped description of a value read from a file, for messages: a message must say what is wrong without
 * echoing the file (which may not be a contract file at all). Strings are quoted, cut to a few characters and
 * escaped (control, bidirectional and line-separator characters included, so a terminal shows them as they are);
 * arrays and objects are named, never serialised (that would recurse on an untrusted depth).
 * @example excerpt('a very long string that goes on') // "\"a very long string that …\" (31 characters)"
 */
export function excerpt(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const chars = [...value];
      const cut = chars.length > EXCERPT_CHARS ? `${chars.slice(0, EXCERPT_CHARS).join('')}…` : value;
      const quoted = JSON.stringify(cut).replace(/[\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) =>
        `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      return chars.length > EXCERPT_CHARS ? `${quoted} (${chars.length} characters)` : quoted;
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
