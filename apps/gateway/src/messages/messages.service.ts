import { Injectable } from '@nestjs/common';
import { type Envelope, ExchangeNames, type PublishMessageDto } from '@iren/contracts';
import { OutboxRelayHost, OutboxRepository, RegistryDirectory } from '@iren/messaging';
import { GroupCommit, Transactor } from '@iren/platform';
import { MadeEnvelopes } from '../inbox/made-envelopes';
import { NodeSigningService } from '../signing/node-signing.service';
import { MessagesRepository } from './messages.repository';
import { newEnvelope } from './new-envelope';

interface Accepted {
  envelope: Envelope<unknown>;
  correlationId: string;
}

@Injectable()
export class MessagesService {
  /** Messages accepted by concurrent requests, stored several to a transaction. */
  private readonly accepted = new GroupCommit<Accepted>((all) => this.store(all));

  constructor(
    private readonly transactor: Transactor,
    private readonly messages: MessagesRepository,
    private readonly outbox: OutboxRepository,
    private readonly relay: OutboxRelayHost,
    private readonly names: ExchangeNames,
    private readonly directory: RegistryDirectory,
    private readonly signing: NodeSigningService,
    private readonly made: MadeEnvelopes,
  ) {}

  /**
   * Accepts a message for the officer's node: checks its addressing, then stores it and its outbox
   * row in one transaction, signed with the node's active key, with those of the requests that
   * came in meanwhile (`GroupCommit`). The commit is the point of no return: from here the relay
   * publishes it whenever NATS is there, and the caller gets 202.
   */
  async publish(
    origin: string,
    input: PublishMessageDto,
    correlationId: string,
  ): Promise<{ id: string; status: 'ACCEPTED' }> {
    const envelope = await this.signing.sign(newEnvelope(origin, input, this.directory.registry), correlationId);
    await this.accepted.submit({ envelope, correlationId });
    this.made.remember(envelope);
    this.relay.notify();
    return { id: envelope.id, status: 'ACCEPTED' };
  }

  private store(accepted: Accepted[]): Promise<void> {
    return this.transactor.run(async (m) => {
      await this.messages.insertAccepted(m, accepted);
      await this.outbox.add(
        m,
        accepted.map(({ envelope, correlationId }) => ({
          subject: this.names.publishSubject(envelope.origin, envelope.kind),
          msgId: envelope.id,
          payload: envelope,
          correlationId,
        })),
      );
    });
  }
}
