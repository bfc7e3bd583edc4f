import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Envelope } from '@iren/contracts';
import { MessageEntity } from './message.entity';

@Injectable()
export class MessagesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, envelope: Envelope, correlationId: string): Promise<void> {
    await manager.insert(MessageEntity, {
      id: envelope.id,
      origin: envelope.origin,
      kind: envelope.kind,
      tlp: envelope.tlp,
      envelope,
      correlationId,
    });
  }

  find(id: string): Promise<MessageEntity | null> {
    return this.dataSource.manager.findOneBy(MessageEntity, { id });
  }
}
