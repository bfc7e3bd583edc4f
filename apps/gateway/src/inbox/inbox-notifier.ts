import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * Tells this gateway's live readers that a node's inbox changed (a delivery stored or updated).
 * It carries no data: a listener re-reads the inbox from its last cursor, so a missed or merged
 * notification loses nothing.
 */
@Injectable()
export class InboxNotifier {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  changed(node: string): void {
    this.emitter.emit(node);
  }

  /** Calls `listener` whenever `node`'s inbox changes; returns the unsubscribe function. */
  watch(node: string, listener: () => void): () => void {
    this.emitter.on(node, listener);
    return () => this.emitter.off(node, listener);
  }
}
