import { Injectable } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  type DeliveryPayload,
  type Envelope,
  ExchangeNames,
  type ExchangeEvent,
  HEADERS,
  type HitBody,
} from '@iren/contracts';
import { NatsClients } from '@iren/messaging';
import { nameBasedUuid } from './hit-message';

/** A recorded HIT, ready to go out. */
export interface PublishableHit {
  /** `hit:<alertA>:<alertB>:<TYPE>:<VALUE>:<node>` */
  deliveryId: string;
  envelope: Envelope<HitBody>;
  /** The pair's alert ids, the earlier first. */
  alertIds: [string, string];
}

/**
 * Delivers HITs straight to their node's inbox, each with a `message.hit` event for the ledger.
 * Both carry deterministic `Nats-Msg-Id`s (`hit:<alertA>:<alertB>:<TYPE>:<VALUE>:<node>`), so
 * JetStream drops what a redelivery repeats; past its window the gateway's one delivery per message
 * and node, and the HIT's id derived from the same name, keep it single. HITs are not signed: no
 * node made them, they never pass `EXCHANGE` (where signatures are checked), and only the router
 * may publish to `INBOX`, so their authenticity is that of the inbox subject itself.
 */
@Injectable()
export class HitPublisher {
  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
  ) {}

  async publish(hits: PublishableHit[], correlationId?: string): Promise<void> {
    const h = natsHeaders();
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    await Promise.all(
      hits.flatMap(({ deliveryId, envelope, alertIds }) => {
        const node = envelope.origin;
        const delivery: DeliveryPayload = {
          recipient: node,
          envelope: envelope as unknown as Envelope,
          reasons: [`hit:${envelope.body.identifier.type}`],
        };
        const event: ExchangeEvent = {
          id: nameBasedUuid(`${deliveryId}:event`),
          type: 'message.hit',
          at: envelope.createdAt,
          node,
          nodes: [node],
          messageId: envelope.id,
          correlationId,
          // Metadata only, like every ledger entry: which alerts (for coordinators, even where the node
          // was told less), which kind of identifier but not its value, and what the node could see.
          data: {
            kind: 'HIT',
            identifierType: envelope.body.identifier.type,
            alerts: alertIds,
            visible: envelope.body.alerts.map((a) => a.visible),
            windowDays: envelope.body.windowDays,
          },
        };
        return [
          this.nats.js.publish(this.names.inboxSubject(node), JSON.stringify(delivery), {
            msgID: deliveryId,
            headers: h,
          }),
          this.nats.js.publish(this.names.eventSubject(event.type), JSON.stringify(event), {
            msgID: `${deliveryId}:event`,
            headers: h,
          }),
        ];
      }),
    );
  }
}
