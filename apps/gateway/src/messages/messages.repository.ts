import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, In, IsNull } from 'typeorm';
import { type AmendmentBody, type Envelope, FOLLOWED_UP_KINDS } from '@iren/contracts';
import { MessageEntity } from './message.entity';

@Injectable()
export class MessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, envelope: Envelope<unknown>, correlationId: string, refersTo?: string) {
    await manager.insert(MessageEntity, {
      id: envelope.id,
      origin: envelope.origin,
      kind: envelope.kind,
      tlp: envelope.tlp,
      envelope: envelope as Envelope,
      correlationId,
      refersTo: refersTo ?? null,
    });
  }

  /** Originals as accepted, in one statement: the rows go as one JSON document. */
  async insertAccepted(manager: EntityManager, accepted: { envelope: Envelope<unknown>; correlationId: string }[]) {
    if (accepted.length === 0) return;
    const rows = accepted.map(({ envelope, correlationId }) => ({
      id: envelope.id,
      origin: envelope.origin,
      kind: envelope.kind,
      tlp: envelope.tlp,
      envelope,
      correlation_id: correlationId,
    }));
    await manager.query(
      `INSERT INTO gateway.messages (id, origin, kind, tlp, envelope, correlation_id)
       SELECT id, origin, kind, tlp, envelope, correlation_id
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, origin text, kind text, tlp text, envelope jsonb, correlation_id text)`,
      [JSON.stringify(rows)],
    );
  }

  find(id: string): Promise<MessageEntity | null> {
    return this.dataSource.manager.findOneBy(MessageEntity, { id });
  }

  /** An original `origin` published (one a follow-up may change), locked for the caller's transaction. */
  findOwnOriginal(manager: EntityManager, id: string, origin: string): Promise<MessageEntity | null> {
    return manager.findOne(MessageEntity, {
      where: { id, origin, refersTo: IsNull(), kind: In([...FOLLOWED_UP_KINDS]) },
      lock: { mode: 'pessimistic_write' },
    });
  }

  async markWithdrawn(manager: EntityManager, original: MessageEntity, withdrawal: Envelope<unknown>, reason: string) {
    await manager.update(
      MessageEntity,
      { id: original.id },
      { withdrawnAt: new Date(withdrawal.createdAt), withdrawalReason: reason, withdrawalId: withdrawal.id },
    );
  }

  async setVersion(manager: EntityManager, original: MessageEntity, version: number): Promise<void> {
    await manager.update(MessageEntity, { id: original.id }, { version });
  }

  /** The amendments of a message, oldest version first. */
  async amendmentsOf(id: string): Promise<Envelope<AmendmentBody>[]> {
    const rows = await this.dataSource.manager.find(MessageEntity, {
      where: { refersTo: id, kind: 'AMENDMENT' },
      order: { createdAt: 'ASC' },
    });
    return rows
      .map((r) => r.envelope as unknown as Envelope<AmendmentBody>)
      .sort((a, b) => a.body.version - b.body.version);
  }
}
