import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Envelope } from '@iren/contracts';
import { MessageEntity } from '../messages/message.entity';

/** Subscriptions reach these labels only (DESIGN section 4): RED and AMBER+STRICT go to addressees alone. */
export const SUBSCRIBABLE_TLP = ['CLEAR', 'GREEN', 'AMBER'] as const;

@Injectable()
export class RecentAlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The newest alerts this gateway stored since `since` (at most `limit`) that a subscription could
   * have brought to `nodeId`: not its own, not withdrawn, of a TLP subscriptions reach, and not
   * confined to an operation's members.
   */
  async subscribable(nodeId: string, since: Date, limit: number): Promise<Envelope<unknown>[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(MessageEntity, 'm')
      .select(['m.envelope'])
      .where('m.kind = :kind', { kind: 'ALERT' })
      .andWhere('m.created_at >= :since', { since })
      .andWhere('m.origin <> :nodeId', { nodeId })
      .andWhere('m.withdrawn_at IS NULL')
      .andWhere('m.tlp IN (:...tlps)', { tlps: [...SUBSCRIBABLE_TLP] })
      .andWhere("NOT (m.envelope ? 'operation')")
      .orderBy('m.created_at', 'DESC')
      .limit(limit)
      .getMany();
    return rows.map((row) => row.envelope as Envelope<unknown>);
  }
}
