import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Envelope } from '@iren/contracts';
import type { Recipient } from '@iren/filters';
import { RoutedMessageEntity } from './routed-message.entity';

@Injectable()
export class RoutedMessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(messageId: string): Promise<RoutedMessageEntity | null> {
    return this.dataSource.manager.findOneBy(RoutedMessageEntity, { messageId });
  }

  /**
   * Records the recipients of a message unless a decision is already recorded (a redelivery, or
   * two router instances racing); answers the decision that stands.
   */
  async recordOnce(envelope: Envelope<unknown>, recipients: Recipient[], correlationId?: string): Promise<Recipient[]> {
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RoutedMessageEntity)
      .values({
        messageId: envelope.id,
        origin: envelope.origin,
        kind: envelope.kind,
        tlp: envelope.tlp,
        recipients,
        correlationId: correlationId ?? null,
      })
      .orIgnore()
      .returning('recipients')
      .execute();
    if (inserted.raw.length > 0) return recipients;
    return (await this.find(envelope.id))!.recipients;
  }
}
