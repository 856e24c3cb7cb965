import { expect, it } from 'vitest';
import { maskPhone } from '../../../src/domain/privacy';

it('masks phone numbers as 138****1234', () => {
  expect(maskPhone('13812341234')).toBe('138****1234');
  expect(maskPhone('138-1234-1234')).toBe('138****1234');
  expect(maskPhone('12345')).toBe('*****');
  expect(maskPhone(undefined)).toBe('');
});
