import { Inject, Injectable, type OnModuleInit, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { IndexedMatcher } from '@iren/filters';
import { NatsClients, openRegistryBucket, RegistryMirror } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';

/**
 * The router's view of the network: members from the registry's KV bucket and an index of every
 * subscription, both kept current by the KV watch, so a filter change applies to the next message.
 */
@Injectable()
export class RoutingTable implements OnModuleInit, OnApplicationShutdown {
  readonly matcher = new IndexedMatcher();
  private mirror?: RegistryMirror;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: RoutingTable.name });
  }

  get directory(): RegistryMirror {
    if (!this.mirror) throw new Error('routing table not loaded yet');
    return this.mirror;
  }

  async onModuleInit(): Promise<void> {
    const mirror = new RegistryMirror(
      await openRegistryBucket(this.nats.nc, this.names, this.nats.replicas),
      this.logger,
    );
    mirror.onChange((change) => {
      if (change.kind !== 'subscription') return;
      if (change.value) this.matcher.upsert(change.value);
      else this.matcher.remove(change.id);
    });
    await mirror.start();
    this.mirror = mirror;
    this.logger.info({ nodes: mirror.nodes.size, subscriptions: this.matcher.size }, 'routing table loaded');
  }

  onApplicationShutdown(): void {
    this.mirror?.stop();
  }
}
