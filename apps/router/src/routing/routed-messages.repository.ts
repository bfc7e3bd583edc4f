import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
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
   * The recorded recipients of each of these messages that was routed, a thousand ids a query, one
   * query after another: however many are asked for, one pool connection at a time.
   */
  async recipientsOf(messageIds: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    const unique = [...new Set(messageIds)];
    for (let i = 0; i < unique.length; i += RECIPIENTS_PAGE) {
      const rows = await this.dataSource.manager.find(RoutedMessageEntity, {
        select: { messageId: true, recipients: true },
        where: { messageId: In(unique.slice(i, i + RECIPIENTS_PAGE)) },
      });
      for (const row of rows)
        found.set(
          row.messageId,
          row.recipients.map((r) => r.node),
        );
    }
    return found;
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

  /**
   * `recordOnce` for several messages in one statement (and one more to read the decisions that
   * were already recorded); answers, in order, the decision that stands for each.
   */
  async recordManyOnce(
    decisions: { envelope: Envelope<unknown>; recipients: Recipient[]; correlationId?: string }[],
  ): Promise<Recipient[][]> {
    if (decisions.length === 0) return [];
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(RoutedMessageEntity)
      .values(
        decisions.map(({ envelope, recipients, correlationId }) => ({
          messageId: envelope.id,
          origin: envelope.origin,
          kind: envelope.kind,
          tlp: envelope.tlp,
          recipients,
          correlationId: correlationId ?? null,
        })),
      )
      .orIgnore()
      .returning('message_id')
      .execute();
    const ours = new Set((inserted.raw as { message_id: string }[]).map((r) => r.message_id));
    const earlier = decisions.filter((d) => !ours.has(d.envelope.id)).map((d) => d.envelope.id);
    const recorded =
      earlier.length === 0 ? [] : await this.dataSource.manager.findBy(RoutedMessageEntity, { messageId: In(earlier) });
    const standing = new Map(recorded.map((r) => [r.messageId, r.recipients]));
    // A message twice in one batch: its first copy was inserted, and stands for both.
    return decisions.map((d) => standing.get(d.envelope.id) ?? d.recipients);
  }
}

const RECIPIENTS_PAGE = 1000;
