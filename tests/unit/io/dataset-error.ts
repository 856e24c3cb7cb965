import { expect } from 'vitest';
import { DatasetError } from '../../../src/io/errors';

/** The DatasetError that `fn` throws; fails the test when it throws something else or nothing. */
export function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetError);
    return e as DatasetError;
  }
  throw new Error('expected a DatasetError');
}
