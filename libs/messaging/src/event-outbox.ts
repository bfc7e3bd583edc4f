import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventType, ExchangeEvent, ExchangeNames } from '@iren/contracts';
import type { OutboxRepository } from './outbox';

export type NewExchangeEvent = Omit<ExchangeEvent, 'id' | 'at'>;

/**
 * Records exchange events in an app's outbox, inside the transaction of the change they announce,
 * so an announced change always happened and a change is never left unannounced.
 */
export class EventOutbox {
  constructor(
    private readonly names: ExchangeNames,
    private readonly outbox: OutboxRepository,
  ) {}

  async record(manager: EntityManager, event: NewExchangeEvent): Promise<ExchangeEvent> {
    const full: ExchangeEvent = { id: randomUUID(), at: new Date().toISOString(), ...event };
    await this.outbox.add(manager, [
      { subject: this.names.eventSubject(full.type), msgId: full.id, payload: full, correlationId: full.correlationId },
    ]);
    return full;
  }

  /** The common case: one node acted on its own behalf. */
  recordFor(
    manager: EntityManager,
    type: EventType,
    node: string,
    data: Record<string, unknown>,
    correlationId?: string,
  ): Promise<ExchangeEvent> {
    return this.record(manager, { type, node, nodes: [node], correlationId, data });
  }
}
