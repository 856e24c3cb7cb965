/**
 * Where submitted proposals wait for a reviewer. In server mode the server keeps them (server-proposal-store, over
 * HTTP); in static mode `idbProposalStore` keeps them in this browser's IndexedDB, so a planner and a reviewer
 * sharing a machine can pass one on without a file (the zip download works everywhere).
 */
import { parseTime } from '../../domain/time';
import { DatasetError } from '../errors';
import { openPlanDB, plain } from './plan-db';
import { readProposal, type ProposalMeta, type ProposalReview } from './proposal';

/** What a list of proposals shows: proposal.json's head, without the log, diff and findings. */
export interface ProposalSummary
  extends Pick<ProposalMeta, 'id' | 'title' | 'author' | 'reason' | 'createdAt' | 'effective' | 'base' | 'status' | 'review'> {
  errors: number;
  warnings: number;
  /** The account that submitted it, when the server keeps the proposals (io/plan/server-proposal-store). */
  submittedBy?: string;
}

/** A stored proposal: its summary and the zip as submitted. */
export interface StoredProposal extends ProposalSummary {
  zip: Uint8Array;
}

export interface ProposalStore {
  /** Checks the zip (readProposal) and keeps it; refuses an id already submitted. */
  submit(zip: Uint8Array): Promise<ProposalSummary>;
  /** Every proposal, newest first. */
  list(): Promise<ProposalSummary[]>;
  get(id: string): Promise<StoredProposal | undefined>;
  /** Records the reviewer's decision; refuses a proposal that is not there or already decided. */
  decide(id: string, review: ProposalReview): Promise<ProposalSummary>;
}

/** The summary of a proposal record. */
export function proposalSummary(p: ProposalMeta): ProposalSummary {
  const s: ProposalSummary = {
    id: p.id,
    title: p.title,
    author: p.author,
    reason: p.reason,
    createdAt: p.createdAt,
    effective: p.effective,
    base: p.base,
    errors: p.validation.errors,
    warnings: p.validation.warnings,
    status: p.status,
  };
  if (p.review) s.review = p.review;
  return s;
}

/** Ends a transaction without writing; its `done` then rejects, which is expected here. */
function abort(tx: { abort(): void; done: Promise<void> }): void {
  tx.done.catch(() => undefined);
  tx.abort();
}

const summaryOf = ({ zip: _zip, ...summary }: StoredProposal): ProposalSummary => summary;

/**
 * Proposals in the browser's IndexedDB (database "gridsight-plan", store "proposals").
 * @example const store = idbProposalStore(); await store.submit(writeProposal(p))
 */
export function idbProposalStore(options: { dbName?: string } = {}): ProposalStore {
  const db = openPlanDB(options.dbName);
  return {
    async submit(zip) {
      const p = await readProposal(zip);
      if (p.status !== 'submitted') throw new DatasetError('proposal.json', `is already ${p.status}; submit a proposal not yet decided`);
      const tx = (await db).transaction('proposals', 'readwrite');
      if (await tx.store.get(p.id)) {
        abort(tx);
        throw new DatasetError('proposal.json', `"id" ${JSON.stringify(p.id)} is already submitted`);
      }
      const summary = proposalSummary(p);
      // The summary goes through JSON (no proxies, no undefined); the zip is stored as bytes.
      await tx.store.put({ ...plain(summary), zip: new Uint8Array(zip) });
      await tx.done;
      return summary;
    },
    async list() {
      const all = await (await db).getAll('proposals');
      const t = (s: ProposalSummary) => parseTime(s.createdAt) || 0;
      return all.map(summaryOf).sort((a, b) => t(b) - t(a) || a.id.localeCompare(b.id));
    },
    async get(id) {
      return (await db).get('proposals', id);
    },
    async decide(id, review) {
      const tx = (await db).transaction('proposals', 'readwrite');
      const stored = await tx.store.get(id);
      const refuse = (detail: string) => {
        abort(tx);
        return new DatasetError('proposal', detail, JSON.stringify(id));
      };
      if (!stored) throw refuse('is not in this store');
      if (stored.status !== 'submitted') throw refuse(`is already ${stored.status}${stored.review ? ` by ${stored.review.by}` : ''}`);
      const next: StoredProposal = { ...stored, status: review.decision, review: plain(review) };
      await tx.store.put(next);
      await tx.done;
      return summaryOf(next);
    },
  };
}
