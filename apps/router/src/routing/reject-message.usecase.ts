import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ExchangeNames, type ExchangeEvent, type MessageKind } from '@iren/contracts';
import { BusSigner, NatsClients } from '@iren/messaging';
import { RouterPlacement } from './router-placement';

export interface RejectMessageCommand {
  /** The event's dedupe key (`rejected:<key>`): the stream sequence of the message, or a follow-up's id. */
  key: string;
  reason: string;
  detail: string;
  origin: string;
  /** Absent when the message's own id is unreadable. */
  messageId?: string;
  kind?: MessageKind;
  correlationId?: string;
}

/**
 * Records that the router refused an authentic message, one its origin really sent, by a rule of
 * the network (`message.rejected`), for the origin and coordinators. A message that is not
 * authentic is not recorded here: its claimed origin did not send it (see `ExchangeConsumer`).
 */
@Injectable()
export class RejectMessage {
  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly signer: BusSigner,
    private readonly placement: RouterPlacement,
  ) {}

  async execute(command: RejectMessageCommand): Promise<void> {
    const event: ExchangeEvent = {
      id: randomUUID(),
      type: 'message.rejected',
      at: new Date().toISOString(),
      node: command.origin,
      nodes: [command.origin],
      messageId: command.messageId,
      correlationId: command.correlationId,
      data: {
        reason: command.reason,
        detail: command.detail.slice(0, 2000),
        ...(command.kind && { kind: command.kind }),
        ...(this.placement.site && { site: this.placement.site }),
      },
    };
    await this.signer.publish(this.nats.js, this.names.eventSubject(event.type), JSON.stringify(event), {
      msgId: this.placement.eventMsgId(`rejected:${command.key}`),
      correlationId: command.correlationId,
    });
  }
}
