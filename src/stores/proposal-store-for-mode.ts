import { idbProposalStore, type ProposalStore } from '../io/plan/proposal-store';
import { serverProposalStore } from '../io/plan/server-proposal-store';
import { useSessionStore } from './session';

/**
 * Where proposals wait for a reviewer in the mode the app runs in: the server's store in server mode (requests through
 * the session's fetch, so a session that has ended brings the login back), else this browser's IndexedDB. Call it
 * once the mode is known (the planner is shown only then) and keep what it returns.
 * @example const store = proposalStoreForMode(); await store.list()
 */
export function proposalStoreForMode(): ProposalStore {
  const session = useSessionStore();
  return session.mode === 'server' ? serverProposalStore(session.apiFetch) : idbProposalStore();
}
