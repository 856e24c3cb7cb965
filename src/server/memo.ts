/**
 * Short-lived answers kept in memory, so that a read of an unchanged file (a 304) costs no database round trip:
 * under 200 readers the embedded engine, one statement at a time, was the bottleneck (2–3 s queues measured).
 * Writes made by this process forget what they change at once; `ttl` bounds how stale an answer may be when the
 * change came from elsewhere (another server process on the same PostgreSQL, or an admin's SQL).
 */

interface Kept {
  until: number;
  value: Promise<unknown>;
}

/**
 * The kept value of `key`, or `load()`'s (kept for `ttlMs`). A failed load is not kept.
 * @example const head = await remember(db.memo, 'head', 1000, () => headVersion(db))
 */
export function remember<T>(memo: Map<string, unknown>, key: string, ttlMs: number, load: () => Promise<T>, now = Date.now()): Promise<T> {
  const kept = memo.get(`ttl:${key}`) as Kept | undefined;
  if (kept && kept.until > now) return kept.value as Promise<T>;
  const value = load();
  const entry: Kept = { until: now + ttlMs, value };
  memo.set(`ttl:${key}`, entry);
  value.catch(() => memo.get(`ttl:${key}`) === entry && memo.delete(`ttl:${key}`));
  return value;
}

/** Forgets every kept answer whose key starts with one of `prefixes`. */
export function forget(memo: Map<string, unknown>, ...prefixes: string[]): void {
  for (const key of [...memo.keys()]) {
    if (key.startsWith('ttl:') && prefixes.some((p) => key.startsWith(`ttl:${p}`))) memo.delete(key);
  }
}
