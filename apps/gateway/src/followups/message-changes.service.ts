import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import {
  type AmendMessageDto,
  type AmendmentBody,
  amendedBodyProblems,
  type WithdrawalBody,
  type WithdrawMessageDto,
} from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { ConflictError, InvalidInputError, NotFoundError, Transactor } from '@iren/platform';
import type { MessageEntity } from '../messages/message.entity';
import { MessagesRepository } from '../messages/messages.repository';
import { FollowUpPublisher } from './follow-up-publisher';
import { changeOf, type FollowUpStamp } from './follow-up-envelopes';

/** What the withdraw and amend endpoints answer: the follow-up accepted for routing. */
export interface FollowUpAccepted {
  id: string;
  status: 'ACCEPTED';
  version?: number;
}

/**
 * Withdrawals and amendments by the origin. The original's row is locked while the follow-up is
 * built, so two concurrent amendments get consecutive versions and a withdrawal and an amendment
 * cannot cross; the follow-up, its outbox row and the event commit together.
 */
@Injectable()
export class MessageChangesService {
  constructor(
    private readonly transactor: Transactor,
    private readonly messages: MessagesRepository,
    private readonly publisher: FollowUpPublisher,
    private readonly events: EventOutbox,
    private readonly relay: OutboxRelayHost,
  ) {}

  /** Withdraws the origin's message: 404 to anyone else, 409 when already withdrawn. */
  async withdraw(
    node: string,
    id: string,
    input: WithdrawMessageDto,
    correlationId: string,
  ): Promise<FollowUpAccepted> {
    return this.change(node, id, async (m, original, stamp) => {
      const body: WithdrawalBody = { refersTo: id, reason: input.reason };
      const envelope = changeOf(original.envelope, 'WITHDRAWAL', body, stamp);
      await this.publisher.add(m, envelope, correlationId);
      await this.messages.markWithdrawn(m, original, envelope, input.reason);
      await this.events.record(m, {
        type: 'message.withdrawn',
        node,
        nodes: [node],
        messageId: id,
        correlationId,
        data: { withdrawal: envelope.id, kind: original.kind, version: original.version },
      });
      return { id: envelope.id, status: 'ACCEPTED' as const };
    });
  }

  /** Replaces the body of the origin's message as its next version: 400 naming `body.<field>`, 409 once withdrawn. */
  async amend(node: string, id: string, input: AmendMessageDto, correlationId: string): Promise<FollowUpAccepted> {
    return this.change(node, id, async (m, original, stamp) => {
      const { value, errors } = amendedBodyProblems(original.kind, input.body);
      if (!value) throw new InvalidInputError('the new body is not valid', errors);
      const version = original.version + 1;
      const body: AmendmentBody<object> = {
        refersTo: id,
        version,
        ...(input.reason && { reason: input.reason }),
        body: value,
      };
      const envelope = changeOf(original.envelope, 'AMENDMENT', body, stamp);
      await this.publisher.add(m, envelope, correlationId);
      await this.messages.setVersion(m, original, version);
      await this.events.record(m, {
        type: 'message.amended',
        node,
        nodes: [node],
        messageId: id,
        correlationId,
        data: { amendment: envelope.id, kind: original.kind, version },
      });
      return { id: envelope.id, status: 'ACCEPTED' as const, version };
    });
  }

  private async change(
    node: string,
    id: string,
    work: (m: EntityManager, original: MessageEntity, stamp: FollowUpStamp) => Promise<FollowUpAccepted>,
  ): Promise<FollowUpAccepted> {
    const accepted = await this.transactor.run(async (m) => {
      // Only the origin may change its message; to anyone else it does not exist.
      const original = await this.messages.findOwnOriginal(m, id, node);
      if (!original) throw new NotFoundError(`message ${id}`);
      if (original.withdrawnAt)
        throw new ConflictError(`message ${id} was withdrawn at ${original.withdrawnAt.toISOString()}`);
      return work(m, original, { id: randomUUID(), origin: node, createdAt: new Date().toISOString() });
    });
    this.relay.notify();
    return accepted;
  }
}
