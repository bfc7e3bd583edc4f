import { Injectable } from '@nestjs/common';
import { type DeliveryPayload, type Envelope, ExchangeNames, type ExchangeEvent, type HitBody } from '@iren/contracts';
import { BusSigner, NatsClients } from '@iren/messaging';
import { RouterPlacement } from '../routing/router-placement';
import { nameBasedUuid } from './hit-message';

/** A HIT made from a recorded notice, ready to go out. */
export interface PublishableHit {
  /** `hit:<hit id>:<sequence>:<node>` */
  deliveryId: string;
  envelope: Envelope<HitBody>;
  /** The ids of the two alerts the HIT tells of, the earlier first. */
  alertIds: [string, string];
  correlationId?: string;
}

/**
 * Delivers HITs straight to their node's inbox, each with a `message.hit` event for the ledger.
 * Both carry deterministic `Nats-Msg-Id`s (`hit:<hit id>:<sequence>:<node>`), so JetStream drops
 * what a repeat publishes again; past its window the gateway's one delivery per message and node,
 * and the HIT's id derived from the same name, keep it single. No node made a HIT, so none signs
 * it: like every delivery, it is signed by the router, which the gateway checks.
 */
@Injectable()
export class HitPublisher {
  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly signer: BusSigner,
    private readonly placement: RouterPlacement,
  ) {}

  /** The HITs' deliveries and events, vouched for with one signature (`publishAll`), pipelined. */
  async publish(hits: PublishableHit[]): Promise<void> {
    const messages = hits.flatMap(({ deliveryId, envelope, alertIds, correlationId }) => {
      const node = envelope.origin;
      const { identifier, alerts, windowDays, alertCount, alertsSinceLastHit } = envelope.body;
      const delivery: DeliveryPayload = {
        recipient: node,
        envelope: envelope as unknown as Envelope,
        reasons: [`hit:${identifier.type}`],
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
        // was told less), which kind of identifier but not its value, what the node could see and,
        // for a digest, how many alerts it summed up.
        data: {
          kind: 'HIT',
          identifierType: identifier.type,
          alerts: alertIds,
          visible: alerts.map((a) => a.visible),
          windowDays,
          ...(alertCount !== undefined && { alertCount, alertsSinceLastHit }),
        },
      };
      return [
        // Found at the hub only, so its router delivers every HIT, through a site's stream to its nodes.
        { ...this.placement.deliveryTo(node)!, payload: JSON.stringify(delivery), msgId: deliveryId, correlationId },
        {
          subject: this.names.eventSubject(event.type),
          payload: JSON.stringify(event),
          msgId: `${deliveryId}:event`,
          correlationId,
        },
      ];
    });
    await Promise.all(this.signer.publishAll(this.nats.js, messages));
  }
}
