import { ref, shallowRef } from 'vue';
import {
  createAccount,
  listAccounts,
  listAudit,
  updateAccount,
  type Account,
  type AuditEntry,
  type NewAccount,
} from '../io/server-admin';
import { useSessionStore } from '../stores/session';

/** Audit entries read at a time. */
export const AUDIT_PAGE = 50;

/** What failed last on the administration page: reading, or a change (whose account), and the server's line. */
export interface AdminError {
  what: 'load' | 'create' | 'update';
  name: string;
  detail: string;
}

/**
 * The administration page's state (server mode, administrators): the accounts, the audit log read a page at a time
 * (newest first), adding an account and disabling or enabling one. Requests go through the session's fetch, so a
 * session that has ended brings the login back.
 */
export function useAdmin() {
  const session = useSessionStore();
  const accounts = shallowRef<Account[]>([]);
  const audit = shallowRef<AuditEntry[]>([]);
  /** No older audit entries to read. */
  const auditEnd = ref(false);
  const loading = ref(false);
  const saving = ref(false);
  const error = shallowRef<AdminError | null>(null);
  const failed = (what: AdminError['what'], name: string) => (e: unknown) => {
    error.value = { what, name, detail: e instanceof Error ? e.message : String(e) };
  };

  async function refresh(): Promise<void> {
    loading.value = true;
    error.value = null;
    try {
      const [list, log] = await Promise.all([
        listAccounts(session.apiFetch),
        listAudit(session.apiFetch, { limit: AUDIT_PAGE }),
      ]);
      accounts.value = list;
      audit.value = log;
      auditEnd.value = log.length < AUDIT_PAGE;
    } catch (e) {
      failed('load', '')(e);
    } finally {
      loading.value = false;
    }
  }

  async function moreAudit(): Promise<void> {
    const last = audit.value[audit.value.length - 1];
    if (!last || loading.value) return;
    loading.value = true;
    try {
      const older = await listAudit(session.apiFetch, { limit: AUDIT_PAGE, before: last.id });
      audit.value = [...audit.value, ...older];
      auditEnd.value = older.length < AUDIT_PAGE;
    } catch (e) {
      failed('load', '')(e);
    } finally {
      loading.value = false;
    }
  }

  /** Changes go through one at a time; after each, the list and the log are read again (the log has a new line). */
  async function change(
    what: 'create' | 'update',
    name: string,
    run: () => Promise<unknown>,
  ): Promise<boolean> {
    if (saving.value) return false;
    saving.value = true;
    error.value = null;
    try {
      await run();
      await refresh();
      return true;
    } catch (e) {
      failed(what, name)(e);
      return false;
    } finally {
      saving.value = false;
    }
  }

  const create = (account: NewAccount) =>
    change('create', account.username, () => createAccount(session.apiFetch, account));
  const setDisabled = (account: Account, disabled: boolean) =>
    change('update', account.username, () => updateAccount(session.apiFetch, account.id, { disabled }));

  return { accounts, audit, auditEnd, loading, saving, error, refresh, moreAudit, create, setDisabled };
}
