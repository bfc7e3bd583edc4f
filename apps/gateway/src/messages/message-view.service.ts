import { Injectable } from '@nestjs/common';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { NotFoundError, Transactor } from '@iren/platform';
import type { Principal } from '../auth/principal';
import { DeliveriesRepository } from '../inbox/deliveries.repository';
import type { DeliveryEntity } from '../inbox/delivery.entity';
import { type MessageMetadataView, type MessageView, metadataView, originView, recipientView } from './message.view';
import { MessagesRepository } from './messages.repository';

/** `GET /messages/{id}`: one message as its origin, a recipient, a coordinator or the admin may see it. */
@Injectable()
export class MessageViewService {
  constructor(
    private readonly transactor: Transactor,
    private readonly messages: MessagesRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
  ) {}

  /**
   * The message as it now stands, with its history: every recipient's state for its origin, its own
   * for a recipient (an officer or a coordinator it reached), whose first look is recorded as its
   * read (`message.read`). The admin, and a coordinator it did not reach, see its metadata and every
   * recipient's state, never its content (DESIGN section 1). Anyone else gets 404, as for a missing
   * message.
   */
  async view(principal: Principal, id: string, correlationId: string): Promise<MessageView | MessageMetadataView> {
    const published = await this.messages.find(id);
    if (published && principal.nodeId === published.origin) {
      const [amendments, deliveries] = await Promise.all([
        this.messages.amendmentsOf(id),
        this.deliveries.forMessage(id),
      ]);
      return originView(published, amendments, deliveries);
    }
    const own = principal.nodeId ? await this.readBy(id, principal.nodeId, correlationId) : undefined;
    if (own) return recipientView(own);
    if (principal.role === 'admin' || principal.role === 'coordinator') {
      const deliveries = await this.deliveries.forMessage(id);
      // Published here, or only delivered here: either tells the metadata there is to tell.
      const source = published
        ? {
            envelope: published.envelope,
            version: 1 + (await this.messages.amendmentsOf(id)).length,
            withdrawnAt: published.withdrawnAt,
          }
        : deliveries[0];
      if (source) return metadataView(source.envelope, source.version, source.withdrawnAt, deliveries);
    }
    throw new NotFoundError(`message ${id}`);
  }

  private async readBy(id: string, node: string, correlationId: string): Promise<DeliveryEntity | undefined> {
    const { delivery, firstRead } = await this.transactor.run(async (m) => {
      const found = await this.deliveries.find(id, node, m);
      if (!found) return { delivery: undefined, firstRead: false };
      const first = await this.deliveries.markRead(m, found);
      if (first) {
        await this.events.record(m, {
          type: 'message.read',
          node,
          nodes: [node, found.origin],
          messageId: id,
          correlationId,
          data: { origin: found.origin, kind: found.envelope.kind },
        });
      }
      return { delivery: found, firstRead: first };
    });
    if (firstRead) this.relay.notify();
    return delivery;
  }
}
