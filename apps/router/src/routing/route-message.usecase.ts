import { Injectable } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { type DeliveryPayload, type Envelope, ExchangeNames, type ExchangeEvent, HEADERS } from '@iren/contracts';
import { recipientsFor, type Recipient } from '@iren/filters';
import { NatsClients } from '@iren/messaging';
import { RoutedMessagesRepository } from './routed-messages.repository';
import { RoutingTable } from './routing-table';

export interface RouteMessageCommand {
  envelope: Envelope;
  correlationId?: string;
}

/**
 * Delivers one accepted message: computes its recipients from the routing table and the
 * distribution rules and records that decision once (a redelivery reuses it), then publishes one
 * delivery per recipient to its inbox and a `message.routed` event, each with a deterministic
 * `Nats-Msg-Id`, so JetStream drops what a redelivery repeats. Resolves only once JetStream has
 * acknowledged every publish.
 */
@Injectable()
export class RouteMessage {
  constructor(
    private readonly table: RoutingTable,
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly routed: RoutedMessagesRepository,
  ) {}

  async execute({ envelope, correlationId }: RouteMessageCommand): Promise<Recipient[]> {
    const decided = await this.routed.find(envelope.id);
    const recipients =
      decided?.recipients ??
      (await this.routed.recordOnce(
        envelope,
        recipientsFor(envelope, this.table.directory, this.table.matcher),
        correlationId,
      ));
    const h = natsHeaders();
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    await Promise.all(
      recipients.map((r) => {
        const delivery: DeliveryPayload = { recipient: r.node, envelope, reasons: r.reasons };
        return this.nats.js.publish(this.names.inboxSubject(r.node), JSON.stringify(delivery), {
          msgID: `${envelope.id}:${r.node}`,
          headers: h,
        });
      }),
    );
    const event: ExchangeEvent = {
      id: randomUUID(),
      type: 'message.routed',
      at: new Date().toISOString(),
      node: envelope.origin,
      nodes: [envelope.origin, ...recipients.map((r) => r.node)],
      messageId: envelope.id,
      correlationId,
      data: {
        kind: envelope.kind,
        tlp: envelope.tlp,
        recipients: recipients.map((r) => ({ node: r.node, reasons: r.reasons })),
      },
    };
    await this.nats.js.publish(this.names.eventSubject(event.type), JSON.stringify(event), {
      msgID: `${envelope.id}:routed`,
      headers: h,
    });
    return recipients;
  }
}
