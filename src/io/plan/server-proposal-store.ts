/**
 * The proposal store kept by the GridSight server (docs/server-api.md, "Proposals"): the same ProposalStore as the
 * browser's own (idbProposalStore), over HTTP. The server checks what it is given and who gives it: only a planner
 * submits, only a reviewer decides, never on their own proposal; it fills in the reviewer's name from the session.
 */
import { apiErrorOf, apiFetch, apiJson, ApiError } from '../server-http';
import { readProposal, type ProposalReview } from './proposal';
import {
  proposalSummary,
  type ProposalStore,
  type ProposalSummary,
  type StoredProposal,
} from './proposal-store';

export const PROPOSALS_URL = './api/proposals';

/** A summary as the server sends it, checked for the fields a list needs; throws ApiError when it is not one. */
function summaryOf(value: unknown): ProposalSummary {
  const s = value as Partial<ProposalSummary> | null;
  if (!s || typeof s !== 'object' || typeof s.id !== 'string' || typeof s.status !== 'string') {
    throw new ApiError('the server answered with something that is not a proposal summary', 200);
  }
  return s as ProposalSummary;
}

/**
 * @example const store = serverProposalStore(fetch); await store.submit(writeProposal(p))
 */
export function serverProposalStore(
  fetchFn: typeof fetch = fetch,
  baseUrl: string = PROPOSALS_URL,
): ProposalStore {
  const url = (id: string, tail = '') => `${baseUrl}/${encodeURIComponent(id)}${tail}`;
  /**
   * The server's summaries, from the last list and every answer: who submitted (the zip does not say; its author is
   * free text) and the decision (the zip is kept as submitted).
   */
  const known = new Map<string, ProposalSummary>();
  const remember = (s: ProposalSummary) => {
    known.set(s.id, s);
    return s;
  };

  return {
    async submit(zip) {
      const res = await apiFetch(fetchFn, baseUrl, {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': 'application/zip' },
        body: zip as Uint8Array<ArrayBuffer>,
        cache: 'no-store',
      });
      if (!res.ok) throw await apiErrorOf(res);
      return remember(summaryOf(await res.json().catch(() => null)));
    },
    async list() {
      const answer = await apiJson<unknown>(fetchFn, baseUrl);
      return (Array.isArray(answer) ? answer : []).map((s) => remember(summaryOf(s)));
    },
    async get(id) {
      const res = await apiFetch(fetchFn, url(id), {
        headers: { accept: 'application/zip' },
        cache: 'no-store',
      });
      if (res.status === 404) return undefined;
      if (!res.ok) throw await apiErrorOf(res);
      const zip = new Uint8Array(await res.arrayBuffer());
      const summary = proposalSummary(await readProposal(zip, { name: `${id}.zip` }));
      const server = known.get(id);
      const stored: StoredProposal = { ...summary, zip };
      if (server?.submittedBy !== undefined) stored.submittedBy = server.submittedBy;
      if (server && server.status !== summary.status) {
        stored.status = server.status;
        if (server.review) stored.review = server.review;
      }
      return stored;
    },
    async decide(id, review: ProposalReview) {
      // `by` and `at` are the server's: the session's account, the moment it records the decision.
      const body = { decision: review.decision, comment: review.comment, effective: review.effective };
      return remember(summaryOf(await apiJson(fetchFn, url(id, '/decision'), { method: 'POST', body })));
    },
  };
}
