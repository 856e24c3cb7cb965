import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { usePlanReviewStore } from '../../../src/stores/plan-review';
import { useSessionStore } from '../../../src/stores/session';
import { writeProposal } from '../../../src/io/plan/proposal';
import { proposalSummary } from '../../../src/io/plan/proposal-store';
import { json, mockFetch } from '../io/mock-fetch';
import { miniProposal } from '../io/plan/proposal-fixture';

beforeEach(() => setActivePinia(createPinia()));
afterEach(() => vi.unstubAllGlobals());

function serverMode() {
  const session = useSessionStore();
  session.mode = 'server';
  session.user = { id: 2, username: 'wang', displayName: '王审', role: 'reviewer', gridCodes: [] };
  return session;
}

describe('usePlanReviewStore in server mode', () => {
  it('lists and opens the server’s proposals, records the decision there', async () => {
    const { proposal } = await miniProposal({ id: 's-1' });
    const zip = writeProposal(proposal);
    const summary = { ...proposalSummary(proposal), submittedBy: 'zhang' };
    const { fetch, calls } = mockFetch({
      'GET ./api/proposals': json(200, [summary]),
      'GET ./api/proposals/s-1': () =>
        new Response(zip as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/zip' } }),
      'POST ./api/proposals/s-1/decision': json(200, { ...summary, status: 'rejected' }),
    });
    vi.stubGlobal('fetch', fetch);
    serverMode();
    const review = usePlanReviewStore();
    await review.refreshStored();
    expect(review.stored).toEqual([summary]);
    await review.openStored('s-1');
    expect(review.origin).toBe('store');
    expect(review.proposal?.id).toBe('s-1');
    expect(await review.reject({ by: '王审', comment: '边界应沿河' })).toMatchObject({
      decision: 'rejected',
    });
    const decision = calls.find((c) => c.method === 'POST');
    expect(JSON.parse(String(decision?.body))).toEqual({
      decision: 'rejected',
      comment: '边界应沿河',
      effective: proposal.effective,
    });
  });

  it('shows the decision the server recorded, though the zip is as submitted', async () => {
    const { proposal } = await miniProposal({ id: 's-2' });
    const review = {
      by: '李审',
      comment: '同意',
      at: '2026-11-25T09:00:00+08:00',
      decision: 'approved' as const,
      effective: '2027-01-01',
    };
    const { fetch } = mockFetch({
      'GET ./api/proposals': json(200, [
        { ...proposalSummary(proposal), status: 'approved', review, submittedBy: 'zhang' },
      ]),
      'GET ./api/proposals/s-2': () => new Response(writeProposal(proposal) as Uint8Array<ArrayBuffer>),
    });
    vi.stubGlobal('fetch', fetch);
    serverMode();
    const store = usePlanReviewStore();
    await store.refreshStored();
    await store.openStored('s-2');
    expect(store.proposal).toMatchObject({ status: 'approved', review });
  });

  it('a refusal (own proposal, 403) lands in `error` with the server’s line; a 401 ends the session', async () => {
    const { proposal } = await miniProposal({ id: 's-3' });
    const summary = { ...proposalSummary(proposal), submittedBy: 'wang' };
    const answers = {
      'GET ./api/proposals': json(200, [summary]),
      'GET ./api/proposals/s-3': () => new Response(writeProposal(proposal) as Uint8Array<ArrayBuffer>),
      'POST ./api/proposals/s-3/decision': json(403, {
        error: 'a reviewer cannot decide their own proposal',
      }),
    };
    vi.stubGlobal('fetch', mockFetch(answers).fetch);
    const session = serverMode();
    const review = usePlanReviewStore();
    await review.refreshStored();
    await review.openStored('s-3');
    expect(await review.reject({ by: '王审', comment: 'x' })).toBeNull();
    expect(review.error).toMatchObject({
      what: 'reject',
      name: 's-3',
      detail: 'a reviewer cannot decide their own proposal',
    });
    vi.stubGlobal(
      'fetch',
      mockFetch({ 'GET ./api/proposals': json(401, { error: 'session expired' }) }).fetch,
    );
    await review.refreshStored();
    expect(review.error).toMatchObject({ what: 'store' });
    expect(session.expired).toBe(true);
    expect(session.loginNeeded).toBe(true);
  });
});
