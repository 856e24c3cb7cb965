/**
 * Changes, told to the browsers that listen (the wall) as server-sent events once their transaction committed.
 * In-process: one server process per database. Several processes would relay through PostgreSQL's LISTEN/NOTIFY
 * (README, "Server").
 */
import { EventEmitter } from 'node:events';

export interface ChangeEvent {
  kind: 'version' | 'incidents' | 'patrols';
  version?: number;
  revision?: number;
}

export class ChangeBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open wall and analyst tab is one listener.
    this.emitter.setMaxListeners(0);
  }

  emit(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  /** Returns the function that stops listening. */
  listen(fn: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', fn);
    return () => this.emitter.off('change', fn);
  }
}
