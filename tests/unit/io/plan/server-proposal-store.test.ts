import { describe, expect, it } from 'vitest';
import { serverProposalStore } from '../../../../src/io/plan/server-proposal-store';
import { writeProposal } from '../../../../src/io/plan/proposal';
import { proposalSummary, type ProposalSummary } from '../../../../src/io/plan/proposal-store';
import { json, mockFetch } from '../mock-fetch';
import { miniProposal } from './proposal-fixture';

const zipResponse = (zip: Uint8Array) =>
  new Response(zip as Uint8Array<ArrayBuffer>, {
    status: 200,
    headers: { 'content-type': 'application/zip' },
  });

describe('serverProposalStore', () => {
  it('submits the zip as application/zip and answers the server’s summary', async () => {
    const { proposal } = await miniProposal();
    const zip = writeProposal(proposal);
    const summary: ProposalSummary = { ...proposalSummary(proposal), submittedBy: 'zhang' };
    const { fetch, calls } = mockFetch({ 'POST ./api/proposals': json(201, summary) });
    expect(await serverProposalStore(fetch).submit(zip)).toEqual(summary);
    expect(calls[0]).toMatchObject({ method: 'POST', url: './api/proposals' });
    expect(calls[0].headers['content-type']).toBe('application/zip');
    expect(calls[0].body).toEqual(zip);
  });

  it('lists, and gets a proposal’s zip back as a stored proposal with who submitted it and the server’s decision', async () => {
    const { proposal } = await miniProposal({ id: 'P/1 x' });
    const zip = writeProposal(proposal);
    const review = {
      by: '王审',
      comment: '同意',
      at: '2026-11-25T09:00:00+08:00',
      decision: 'approved' as const,
      effective: '2027-01-01',
    };
    const listed = {
      ...proposalSummary(proposal),
      status: 'approved' as const,
      review,
      submittedBy: 'zhang',
    };
    const { fetch, calls } = mockFetch({
      'GET ./api/proposals': json(200, [listed]),
      'GET ./api/proposals/P%2F1%20x': () => zipResponse(zip),
    });
    const store = serverProposalStore(fetch);
    expect(await store.list()).toEqual([listed]);
    const stored = await store.get('P/1 x');
    expect(stored?.zip).toEqual(zip);
    expect(stored).toMatchObject({
      id: 'P/1 x',
      title: '合并一网格',
      submittedBy: 'zhang',
      status: 'approved',
      review,
    });
    expect(calls.map((c) => c.url)).toEqual(['./api/proposals', './api/proposals/P%2F1%20x']);
  });

  it('gets nothing for a proposal the server does not have', async () => {
    const { fetch } = mockFetch({ 'GET ./api/proposals/nope': json(404, { error: 'no such proposal' }) });
    expect(await serverProposalStore(fetch).get('nope')).toBeUndefined();
  });

  it('decides with { decision, comment, effective }: the server fills in the reviewer', async () => {
    const { proposal } = await miniProposal();
    const decided = { ...proposalSummary(proposal), status: 'rejected' };
    const { fetch, calls } = mockFetch({ 'POST ./api/proposals/p-1/decision': json(200, decided) });
    const review = {
      by: '王审',
      comment: '边界应沿河',
      at: '2026-11-25T09:00:00+08:00',
      decision: 'rejected' as const,
      effective: '2026-12-01',
    };
    expect(await serverProposalStore(fetch).decide('p-1', review)).toMatchObject({ status: 'rejected' });
    expect(calls[0].headers['content-type']).toBe('application/json');
    expect(JSON.parse(String(calls[0].body))).toEqual({
      decision: 'rejected',
      comment: '边界应沿河',
      effective: '2026-12-01',
    });
  });

  it('refusals carry the server’s line and status: own proposal (403), decided already (409), not a planner (403)', async () => {
    const { proposal } = await miniProposal();
    const review = {
      by: 'x',
      comment: '',
      at: '2026-11-25T09:00:00+08:00',
      decision: 'approved' as const,
      effective: '2027-01-01',
    };
    const { fetch } = mockFetch({
      'POST ./api/proposals/p-1/decision': json(409, { error: 'proposal p-1 is already approved' }),
      'POST ./api/proposals': json(403, { error: 'only a planner may submit' }),
      'GET ./api/proposals': new TypeError('Failed to fetch'),
    });
    const store = serverProposalStore(fetch);
    await expect(store.decide('p-1', review)).rejects.toMatchObject({
      status: 409,
      message: 'proposal p-1 is already approved',
    });
    await expect(store.submit(writeProposal(proposal))).rejects.toMatchObject({
      status: 403,
      message: 'only a planner may submit',
    });
    await expect(store.list()).rejects.toMatchObject({ status: 0 });
  });

  it('a zip that is not a proposal is refused as such', async () => {
    const { fetch } = mockFetch({ 'GET ./api/proposals/bad': () => zipResponse(new Uint8Array([1, 2, 3])) });
    await expect(serverProposalStore(fetch).get('bad')).rejects.toThrow(/is not a zip file/);
  });
});
