import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Envelope, ExchangeNames } from '@iren/contracts';
import { OutboxRepository } from '@iren/messaging';
import { MessagesRepository } from '../messages/messages.repository';
import { NodeSigningService } from '../signing/node-signing.service';

/** Signs a follow-up the gateway built, stores it and queues it in the outbox, in the caller's transaction. */
@Injectable()
export class FollowUpPublisher {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly outbox: OutboxRepository,
    private readonly names: ExchangeNames,
    private readonly signing: NodeSigningService,
  ) {}

  async add(manager: EntityManager, unsigned: Envelope<{ refersTo: string }>, correlationId: string): Promise<void> {
    const envelope = await this.signing.sign(unsigned, correlationId);
    await this.messages.insert(manager, envelope, correlationId, envelope.body.refersTo);
    await this.outbox.add(manager, [
      {
        subject: this.names.publishSubject(envelope.origin, envelope.kind),
        msgId: envelope.id,
        payload: envelope,
        correlationId,
      },
    ]);
  }
}
