import { ref, shallowRef } from 'vue';
import { ApiError } from '../io/server-http';
import { useSessionStore } from '../stores/session';

/** Why the last login failed: the kind (an i18n key's last part), the server's own line, and the wait asked for. */
export interface LoginProblem {
  kind: 'credentials' | 'throttled' | 'unreachable' | 'other';
  detail: string;
  retryAfter: number | null;
}

/** The kind of a login failure from its HTTP status (0: no answer). */
export function loginProblem(e: unknown): LoginProblem {
  const status = e instanceof ApiError ? e.status : -1;
  const detail = e instanceof Error ? e.message : String(e);
  const retryAfter = e instanceof ApiError ? e.retryAfter : null;
  const kind =
    status === 401 ? 'credentials' : status === 429 ? 'throttled' : status === 0 ? 'unreachable' : 'other';
  return { kind, detail, retryAfter };
}

/** The login form's state and its submit, for LoginView. */
export function useLoginForm() {
  const session = useSessionStore();
  // After a session has ended, the same account is the likely one to log in again.
  const username = ref(session.expired ? (session.user?.username ?? '') : '');
  const password = ref('');
  const busy = ref(false);
  const problem = shallowRef<LoginProblem | null>(null);

  async function submit(): Promise<void> {
    if (busy.value || !username.value.trim() || !password.value) return;
    busy.value = true;
    problem.value = null;
    try {
      await session.login(username.value.trim(), password.value);
      password.value = '';
    } catch (e) {
      problem.value = loginProblem(e);
    } finally {
      busy.value = false;
    }
  }

  return { username, password, busy, problem, submit };
}
