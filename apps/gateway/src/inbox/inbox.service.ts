import { Injectable } from '@nestjs/common';
import type { AckStatus } from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { InvalidInputError, NotFoundError, Transactor } from '@iren/platform';
import { DeliveriesRepository } from './deliveries.repository';
import { type InboxItem, toInboxItem } from './delivery.view';

export interface InboxPage {
  items: InboxItem[];
  /** Pass as `after` to read on; the same cursor again when nothing new has arrived. */
  next: string | null;
}

@Injectable()
export class InboxService {
  constructor(
    private readonly transactor: Transactor,
    private readonly deliveries: DeliveriesRepository,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
  ) {}

  async page(node: string, after: string | undefined, limit: number): Promise<InboxPage> {
    if (after !== undefined && !/^\d{1,18}$/.test(after)) {
      throw new InvalidInputError('after is not a cursor from this inbox', [
        { field: 'after', messages: ['not a cursor'] },
      ]);
    }
    const rows = await this.deliveries.inbox(node, after, limit);
    const items = rows.map(toInboxItem);
    return { items, next: items.at(-1)?.cursor ?? after ?? null };
  }

  /** Records that the node received or acted on a message; repeating an acknowledgement changes nothing. */
  async acknowledge(node: string, messageId: string, status: AckStatus, correlationId: string): Promise<InboxItem> {
    const { item, changed } = await this.transactor.run(async (m) => {
      const delivery = await this.deliveries.find(messageId, node, m);
      if (!delivery) throw new NotFoundError(`message ${messageId} in the inbox of ${node}`);
      const before = delivery.state;
      const stored = await this.deliveries.acknowledge(m, delivery, status);
      const moved = stored.state !== before;
      if (moved) {
        await this.events.record(m, {
          type: 'message.acknowledged',
          node,
          nodes: [node, stored.origin],
          messageId,
          correlationId,
          data: { status: stored.state, origin: stored.origin },
        });
      }
      return { item: toInboxItem(stored), changed: moved };
    });
    if (changed) this.relay.notify();
    return item;
  }
}
