import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SubscriptionFilter } from '@iren/contracts';
import { SubscriptionEntity } from './subscription.entity';

@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(nodeId: string, manager: EntityManager = this.dataSource.manager): Promise<SubscriptionEntity | null> {
    return manager.findOneBy(SubscriptionEntity, { nodeId });
  }

  list(): Promise<SubscriptionEntity[]> {
    return this.dataSource.manager.find(SubscriptionEntity);
  }

  /** Replaces a node's filters, bumping the version; returns the stored row. */
  async replace(manager: EntityManager, nodeId: string, filters: SubscriptionFilter[]): Promise<SubscriptionEntity> {
    await manager.query(
      `INSERT INTO "registry"."subscriptions" ("node_id", "filters", "version") VALUES ($1, $2::jsonb, 1)
       ON CONFLICT ("node_id") DO UPDATE
         SET "filters" = EXCLUDED."filters", "version" = "subscriptions"."version" + 1, "updated_at" = now()`,
      [nodeId, JSON.stringify(filters)],
    );
    return (await this.find(nodeId, manager))!;
  }
}
