import { Injectable } from '@nestjs/common';
import { ExchangeNames, type PublishMessageDto } from '@iren/contracts';
import { OutboxRelayHost, OutboxRepository, RegistryDirectory } from '@iren/messaging';
import { Transactor } from '@iren/platform';
import { NodeSigningService } from '../signing/node-signing.service';
import { MessagesRepository } from './messages.repository';
import { newEnvelope } from './new-envelope';

@Injectable()
export class MessagesService {
  constructor(
    private readonly transactor: Transactor,
    private readonly messages: MessagesRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayHost,
    private readonly names: ExchangeNames,
    private readonly directory: RegistryDirectory,
    private readonly signing: NodeSigningService,
  ) {}

  /**
   * Accepts a message for the officer's node: checks its addressing, then stores it and its outbox
   * row in one transaction, signed with the node's active key. The commit is the point of no return: from here the relay publishes it
   * whenever NATS is there, and the caller gets 202.
   */
  async publish(
    origin: string,
    input: PublishMessageDto,
    correlationId: string,
  ): Promise<{ id: string; status: 'ACCEPTED' }> {
    const envelope = await this.signing.sign(newEnvelope(origin, input, this.directory.registry), correlationId);
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
}
