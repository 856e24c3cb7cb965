import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { roleCan, type Action } from '../domain/access';
import {
  detectSession,
  login as postSession,
  logout as deleteSession,
  type User,
} from '../io/server-session';

/** `unknown` until config.json (and, for the server's, /api/session) has answered. */
export type SessionMode = 'unknown' | 'static' | 'server';

/**
 * Static mode or server mode, and who is logged in (io/server-session). In static mode there are no accounts and
 * every screen is open, as it always was (the administration needs the server); in server mode what a role may do
 * is domain/access's table.
 */
export const useSessionStore = defineStore('session', () => {
  const mode = ref<SessionMode>('unknown');
  const user = shallowRef<User | null>(null);
  /**
   * The session ended on the server while the app was open (a 401 answered a request). `user` stays who it was, so
   * the screens stay as they were under the login until the same account logs in again.
   */
  const expired = ref(false);
  /** Server mode with nobody logged in, or a session that has ended: the login is shown. */
  const loginNeeded = computed(() => mode.value === 'server' && (!user.value || expired.value));
  let detecting: Promise<unknown> | null = null;

  // Read at call time, so a test's stubbed fetch is the one used.
  const fetchNow: typeof fetch = (input, init) => globalThis.fetch(input, init);

  /**
   * Finds the mode once per page; resolves with config.json (null when unreadable), which the dataset catalog reads
   * from here rather than asking again.
   */
  function detect(): Promise<unknown> {
    detecting ??= detectSession(fetchNow).then(({ config, session }) => {
      mode.value = session.mode;
      user.value = session.mode === 'server' ? session.user : null;
      return config;
    });
    return detecting;
  }

  /** Whether the user may take `action`: everything but the administration in static mode, the role's in server mode. */
  function can(action: Action): boolean {
    if (mode.value === 'static') return action !== 'admin';
    return mode.value === 'server' && !!user.value && roleCan(user.value.role, action);
  }

  /** Logs in; throws ApiError (status 401: wrong name or password; 429: too many tries, `retryAfter` seconds). */
  async function login(username: string, password: string): Promise<User> {
    const u = await postSession(fetchNow, username, password);
    mode.value = 'server';
    user.value = u;
    expired.value = false;
    return u;
  }

  /** Ends the session on the server; logged out here even when the server could not be told. */
  async function logout(): Promise<void> {
    try {
      await deleteSession(fetchNow);
    } finally {
      user.value = null;
      expired.value = false;
    }
  }

  /** The server answered 401: the session has ended (expired, or ended elsewhere). */
  function expire(): void {
    if (mode.value === 'server' && user.value) expired.value = true;
  }

  /** fetch for the API: a 401 answer ends the session here too, so the login comes back. */
  const apiFetch: typeof fetch = async (input, init) => {
    const res = await fetchNow(input, init);
    if (res.status === 401) expire();
    return res;
  };

  return { mode, user, expired, loginNeeded, detect, can, login, logout, expire, apiFetch };
});
