import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, randomPassword, verifyPassword } from '../../../src/server/passwords';
import { forget, remember } from '../../../src/server/memo';

/** Cheap parameters: these tests check the format and the comparison, not the cost. */
const FAST = { N: 2 ** 10, r: 8, p: 1 };

describe('passwords', () => {
  it('verifies the right password only, and a hash carries its parameters and a fresh salt', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterz', a)).toBe(false);
    // NFKC: a full-width spelling of the same password is the same password.
    expect(await verifyPassword('ｃｏｒｒｅｃｔ horse battery', a)).toBe(true);
  });

  it('refuses malformed hashes instead of throwing', async () => {
    for (const bad of ['', 'scrypt$', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$AAAA$AAAA', 'scrypt$1024$8$1$AAAA']) {
      expect(await verifyPassword('x', bad), bad).toBe(false);
    }
  });

  it('says what is wrong with a password', () => {
    expect(passwordProblem('short')).toMatch(/at least 10/);
    expect(passwordProblem('x'.repeat(300))).toMatch(/at most 256/);
    expect(passwordProblem(42)).toMatch(/string/);
    expect(passwordProblem('长度足够的中文密码十个字')).toBeNull();
    expect(randomPassword()).toMatch(/^[A-Za-z2-9]{20}$/);
  });
});

describe('remember / forget', () => {
  it('keeps an answer for its time, shares one load between callers, and forgets by prefix', async () => {
    const memo = new Map<string, unknown>();
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([remember(memo, 'head', 1000, load, 0), remember(memo, 'head', 1000, load, 10)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await remember(memo, 'head', 1000, load, 999)).toBe(1);
    expect(await remember(memo, 'head', 1000, load, 1000)).toBe(2);
    await remember(memo, 'live:rev', 1000, load, 1000);
    forget(memo, 'live:');
    expect(await remember(memo, 'head', 1000, load, 1001)).toBe(2);
    expect(await remember(memo, 'live:rev', 1000, load, 1001)).toBe(4);
  });

  it('does not keep a failed load', async () => {
    const memo = new Map<string, unknown>();
    await expect(remember(memo, 'x', 1000, () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    await new Promise((r) => setTimeout(r, 0));
    expect(await remember(memo, 'x', 1000, async () => 'up', 1)).toBe('up');
  });
});
