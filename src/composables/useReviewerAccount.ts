import { computed, type Ref } from 'vue';
import { usePlanReviewStore } from '../stores/plan-review';
import { useSessionStore } from '../stores/session';

/**
 * The reviewer's account in server mode: their name is the logged-in user's, only a reviewer decides, and never on a
 * proposal they submitted themselves (the server refuses it with 403 all the same). In static mode anyone decides
 * under the name they type, as before.
 */
export function useReviewerAccount(proposalId: Ref<string>) {
  const session = useSessionStore();
  const review = usePlanReviewStore();
  const server = computed(() => session.mode === 'server');
  const canDecide = computed(() => session.can('plan.review'));
  /** The account's display name in server mode, else null (typed in the form). */
  const name = computed(() => (server.value ? (session.user?.displayName ?? '') : null));
  const own = computed(() => {
    const me = session.user?.username;
    return (
      server.value && !!me && review.stored.some((s) => s.id === proposalId.value && s.submittedBy === me)
    );
  });
  return { server, canDecide, name, own };
}
