/**
 * The server's change notices (GET /api/events, server-sent events): `event: change` with
 * `{ kind, version, revision }` whenever a write commits. A screen that re-reads the data on a timer re-reads at
 * once on a notice; the timer stays, for a connection that drops or a proxy that buffers the stream.
 */

export const EVENTS_URL = './api/events';

/** What changed (the event's data); null when the data could not be read, which still means "something changed". */
export interface ChangeNotice {
  kind: 'version' | 'incidents' | 'patrols' | string;
  version?: number;
  revision?: number;
}

/** The part of EventSource used here, so a test can give its own. */
export interface EventSourceLike {
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export function parseNotice(data: unknown): ChangeNotice | null {
  if (typeof data !== 'string') return null;
  try {
    const v = JSON.parse(data) as Partial<ChangeNotice> | null;
    return v && typeof v.kind === 'string' ? (v as ChangeNotice) : null;
  } catch {
    return null;
  }
}

/**
 * Calls `onChange` on every `change` event until the returned function is called. EventSource reconnects by itself
 * after a dropped connection.
 * @example const stop = subscribeChanges(() => refresh()); onBeforeUnmount(stop)
 */
export function subscribeChanges(
  onChange: (notice: ChangeNotice | null) => void,
  options: { url?: string; create?: (url: string) => EventSourceLike } = {},
): () => void {
  const create = options.create ?? ((url: string) => new EventSource(url));
  let source: EventSourceLike | null;
  try {
    source = create(options.url ?? EVENTS_URL);
  } catch {
    // No EventSource (an old browser, a test): the timer alone re-reads.
    return () => {};
  }
  source.addEventListener('change', (e) => onChange(parseNotice(e.data)));
  return () => {
    source?.close();
    source = null;
  };
}
