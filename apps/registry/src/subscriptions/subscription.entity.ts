import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { SubscriptionFilter, SubscriptionRecord } from '@iren/contracts';

@Entity({ schema: 'registry', name: 'subscriptions' })
export class SubscriptionEntity {
  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ type: 'jsonb' })
  filters: SubscriptionFilter[];

  @Column({ type: 'int' })
  version: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  toRecord(): SubscriptionRecord {
    return {
      nodeId: this.nodeId,
      filters: this.filters,
      version: this.version,
      updatedAt: this.updatedAt.toISOString(),
    };
  }
}
