import { describe, expect, it } from 'vitest';
import {
  compactJson,
  createAccount,
  listAccounts,
  listAudit,
  parseGridCodes,
  updateAccount,
} from '../../../src/io/server-admin';
import { json, mockFetch } from './mock-fetch';

const ACCOUNT = {
  id: 4,
  username: 'wang',
  displayName: '王网格',
  role: 'grid-worker',
  gridCodes: ['330424002201001'],
};

describe('server-admin', () => {
  it('lists accounts (disabled or not), adds one and disables one', async () => {
    const { fetch, calls } = mockFetch({
      'GET ./api/users': json(200, [
        ACCOUNT,
        { ...ACCOUNT, id: 5, username: 'old', disabled: true },
        { id: 6, role: 'nobody' },
      ]),
      'POST ./api/users': json(201, { user: ACCOUNT }),
      'PATCH ./api/users/4': json(200, { user: { ...ACCOUNT, disabled: true } }),
    });
    const list = await listAccounts(fetch);
    expect(list.map((a) => [a.username, a.disabled])).toEqual([
      ['wang', false],
      ['old', true],
    ]);
    const input = {
      username: 'wang',
      displayName: '王网格',
      role: 'grid-worker' as const,
      gridCodes: ['330424002201001'],
      password: 'pw',
    };
    expect(await createAccount(fetch, input)).toMatchObject({ id: 4, disabled: false });
    expect(JSON.parse(String(calls[1].body))).toEqual(input);
    expect(await updateAccount(fetch, 4, { disabled: true })).toMatchObject({ disabled: true });
    expect(calls[2]).toMatchObject({ method: 'PATCH', body: '{"disabled":true}' });
  });

  it('reads the audit log a page at a time, before the last entry shown', async () => {
    const entry = {
      id: 9,
      at: '2026-11-25T01:00:00Z',
      actor: 'admin',
      action: 'user.update',
      target: 'user 4',
      before: { disabled: false },
      after: { disabled: true },
    };
    const { fetch, calls } = mockFetch({ 'GET ./api/audit?limit=50&before=10': json(200, [entry]) });
    expect(await listAudit(fetch, { limit: 50, before: 10 })).toEqual([entry]);
    expect(calls[0].url).toBe('./api/audit?limit=50&before=10');
  });

  it('a refusal carries the server’s one line', async () => {
    const { fetch } = mockFetch({ 'POST ./api/users': json(409, { error: 'user name "wang" is taken' }) });
    await expect(
      createAccount(fetch, {
        username: 'wang',
        displayName: 'w',
        role: 'analyst',
        gridCodes: [],
        password: 'p',
      }),
    ).rejects.toMatchObject({
      status: 409,
      message: 'user name "wang" is taken',
    });
  });

  it('parseGridCodes splits on commas of either width, semicolons and spaces', () => {
    expect(parseGridCodes(' 330424002201001，330424002201002;330424002201001  330424002201003 ,')).toEqual([
      '330424002201001',
      '330424002201002',
      '330424002201003',
    ]);
    expect(parseGridCodes('')).toEqual([]);
  });

  it('compactJson: one short line of JSON, — for nothing', () => {
    expect(compactJson({ disabled: true })).toBe('{"disabled":true}');
    expect(compactJson(null)).toBe('—');
    expect(compactJson('<b>x</b>')).toBe('"<b>x</b>"');
    expect(compactJson({ s: 'x'.repeat(300) }, 20)).toBe(`{"s":"${'x'.repeat(14)}…`);
  });
});
