import { Injectable } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { ExchangeNames, type ExchangeEvent, HEADERS } from '@iren/contracts';
import { NatsClients } from '@iren/messaging';

export interface RejectMessageCommand {
  /** Stream sequence of the refused message: the event's msg id derives from it, so a retry repeats nothing. */
  sequence: number;
  reason: string;
  detail: string;
  origin?: string;
  messageId?: string;
  correlationId?: string;
}

/** Records that the router refused a message (`message.rejected`), for the origin and coordinators. */
@Injectable()
export class RejectMessage {
  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
  ) {}

  async execute(command: RejectMessageCommand): Promise<void> {
    const event: ExchangeEvent = {
      id: randomUUID(),
      type: 'message.rejected',
      at: new Date().toISOString(),
      node: command.origin,
      nodes: command.origin ? [command.origin] : [],
      messageId: command.messageId,
      correlationId: command.correlationId,
      data: { reason: command.reason, detail: command.detail.slice(0, 2000) },
    };
    const h = natsHeaders();
    if (command.correlationId) h.set(HEADERS.correlationId, command.correlationId);
    await this.nats.js.publish(this.names.eventSubject(event.type), JSON.stringify(event), {
      msgID: `rejected:${command.sequence}`,
      headers: h,
    });
  }
}
