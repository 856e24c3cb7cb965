import { describe, expect, it } from 'vitest';
import { subscribeChanges, type EventSourceLike } from '../../../src/io/server-events';

describe('subscribeChanges', () => {
  it('calls back on each change event and closes when told', () => {
    const listeners: Record<string, (e: MessageEvent) => void> = {};
    let closed = false;
    let opened = '';
    const fake: EventSourceLike = {
      addEventListener: (type, listener) => {
        listeners[type] = listener;
      },
      close: () => {
        closed = true;
      },
    };
    const seen: unknown[] = [];
    const stop = subscribeChanges((n) => seen.push(n), {
      create: (url) => {
        opened = url;
        return fake;
      },
    });
    expect(opened).toBe('./api/events');
    listeners.change(new MessageEvent('change', { data: '{"kind":"version","version":3,"revision":12}' }));
    listeners.change(new MessageEvent('change', { data: 'not json' }));
    expect(seen).toEqual([{ kind: 'version', version: 3, revision: 12 }, null]);
    stop();
    expect(closed).toBe(true);
  });

  it('without EventSource there is nothing to close', () => {
    const stop = subscribeChanges(() => {}, {
      create: () => {
        throw new ReferenceError('EventSource is not defined');
      },
    });
    expect(stop).not.toThrow();
  });
});
