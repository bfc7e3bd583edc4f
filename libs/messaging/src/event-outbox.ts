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
    const [full] = await this.recordMany(manager, [event]);
    return full;
  }

  /** Several events at once (one statement), in the order given. */
  async recordMany(manager: EntityManager, events: NewExchangeEvent[]): Promise<ExchangeEvent[]> {
    const at = new Date().toISOString();
    const full: ExchangeEvent[] = events.map((event) => ({ id: randomUUID(), at, ...event }));
    await this.outbox.add(
      manager,
      full.map((e) => ({
        subject: this.names.eventSubject(e.type),
        msgId: e.id,
        payload: e,
        correlationId: e.correlationId,
      })),
    );
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
