import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Envelope, ExchangeNames, type PublishMessageDto } from '@iren/contracts';
import { addressingProblems } from '@iren/filters';
import { OutboxRelayHost, OutboxRepository } from '@iren/messaging';
import { InvalidInputError, NotFoundError, Transactor } from '@iren/platform';
import type { Principal } from '../auth/principal';
import { DeliveriesRepository } from '../inbox/deliveries.repository';
import { type DeliveryStatus, toDeliveryStatus } from '../inbox/delivery.view';
import { GatewayDirectory } from '../registry/gateway-directory';
import { MessagesRepository } from './messages.repository';

export interface MessageView {
  message: Envelope;
  deliveries: DeliveryStatus[];
}

@Injectable()
export class MessagesService {
  constructor(
    private readonly transactor: Transactor,
    private readonly messages: MessagesRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayHost,
    private readonly names: ExchangeNames,
    private readonly directory: GatewayDirectory,
  ) {}

  /**
   * Accepts a message for the officer's node: checks its addressing, then stores it and its outbox
   * row in one transaction. The commit is the point of no return: from here the relay publishes it
   * whenever NATS is there, and the caller gets 202.
   */
  async publish(
    origin: string,
    input: PublishMessageDto,
    correlationId: string,
  ): Promise<{ id: string; status: 'ACCEPTED' }> {
    const envelope: Envelope = {
      id: randomUUID(),
      kind: input.kind,
      origin,
      createdAt: new Date().toISOString(),
      tlp: input.tlp,
      ...(input.handling && { handling: input.handling }),
      to: { nodes: input.to?.nodes ?? [], countries: input.to?.countries ?? [], groups: input.to?.groups ?? [] },
      ...(input.operation && { operation: input.operation }),
      body: input.body as unknown as Envelope['body'],
    };
    const problems = addressingProblems(envelope, this.directory.registry);
    if (problems.length > 0) {
      throw new InvalidInputError(problems.join('; '), [{ field: 'to', messages: problems }]);
    }
    await this.transactor.run(async (m) => {
      await this.messages.insert(m, envelope, correlationId);
      await this.outbox.add(m, [
        {
          subject: this.names.publishSubject(origin, envelope.kind),
          msgId: envelope.id,
          payload: envelope,
          correlationId,
        },
      ]);
    });
    this.relay.notify();
    return { id: envelope.id, status: 'ACCEPTED' };
  }

  /** The message and its delivery states: all of them for its origin and the admin, one's own for a recipient. */
  async view(principal: Principal, id: string): Promise<MessageView> {
    const deliveries = await this.deliveries.forMessage(id);
    const published = await this.messages.find(id);
    const envelope = published?.envelope ?? deliveries[0]?.envelope;
    if (!envelope) throw new NotFoundError(`message ${id}`);
    if (principal.role === 'admin' || principal.nodeId === envelope.origin) {
      return { message: envelope, deliveries: deliveries.map(toDeliveryStatus) };
    }
    const own = deliveries.filter((d) => d.node === principal.nodeId);
    // A message the caller neither sent nor received answers like a missing one.
    if (own.length === 0) throw new NotFoundError(`message ${id}`);
    return { message: envelope, deliveries: own.map(toDeliveryStatus) };
  }
}
