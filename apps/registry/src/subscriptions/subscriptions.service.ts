import { Injectable } from '@nestjs/common';
import type { SubscriptionFilter, SubscriptionRecord } from '@iren/contracts';
import { EventOutbox, OutboxRelayHost } from '@iren/messaging';
import { NotFoundError, Transactor } from '@iren/platform';
import { KvMirrorWriter } from '../mirror/kv-mirror-writer';
import { NodesRepository } from '../nodes/nodes.repository';
import { SubscriptionsRepository } from './subscriptions.repository';

@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly transactor: Transactor,
    private readonly nodes: NodesRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly events: EventOutbox,
    private readonly mirror: KvMirrorWriter,
    private readonly relay: OutboxRelayHost,
  ) {}

  /** Replaces a node's filters; the router applies them from the next message on. */
  async replace(nodeId: string, filters: SubscriptionFilter[], correlationId?: string): Promise<SubscriptionRecord> {
    const record = await this.transactor.run(async (m) => {
      if (!(await this.nodes.lockForUpdate(m, nodeId))) throw new NotFoundError(`node ${nodeId}`);
      const stored = await this.subscriptions.replace(m, nodeId, filters);
      await this.events.recordFor(
        m,
        'registry.subscription.changed',
        nodeId,
        { version: stored.version, filters: filters.length },
        correlationId,
      );
      return stored.toRecord();
    });
    this.relay.notify();
    await this.mirror.syncSubscription(nodeId);
    return record;
  }

  /** A node's filters; a node that never subscribed has an empty list at version 0. */
  async get(nodeId: string): Promise<SubscriptionRecord> {
    if (!(await this.nodes.find(nodeId))) throw new NotFoundError(`node ${nodeId}`);
    const stored = await this.subscriptions.find(nodeId);
    return stored?.toRecord() ?? { nodeId, filters: [], version: 0, updatedAt: new Date(0).toISOString() };
  }
}
