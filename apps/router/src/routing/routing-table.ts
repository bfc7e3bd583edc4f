import { Inject, Injectable, type OnModuleInit, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import type { IndexedMatcher } from '@iren/filters';
import { BusKeysRepository, NatsClients, RegistryMirror, RoutingView, trustedRegistryMirror } from '@iren/messaging';
import { HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';

/**
 * The router's view of the network (a `RoutingView`): members from the registry's KV bucket and
 * an index of every subscription, both kept current by the KV watch, so a filter change applies
 * to the next message.
 */
@Injectable()
export class RoutingTable implements OnModuleInit, OnApplicationShutdown {
  private routing?: RoutingView;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly trust: BusKeysRepository,
    @Inject(HEALTH_DETAILS) private readonly health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: RoutingTable.name });
  }

  get view(): RoutingView {
    if (!this.routing) throw new Error('routing table not loaded yet');
    return this.routing;
  }

  get directory(): RegistryMirror {
    return this.view.directory;
  }

  get matcher(): IndexedMatcher {
    return this.view.matcher;
  }

  async onModuleInit(): Promise<void> {
    const mirror = await trustedRegistryMirror(this.nats, this.names, this.trust, this.logger);
    // Built before the mirror starts, the view indexes the initial subscriptions as they load.
    const routing = new RoutingView(mirror);
    await mirror.start();
    this.routing = routing;
    // What was written into the registry bucket without the registry's signature, and refused.
    this.health.push({ name: 'registryBucket', detail: () => mirror.refused });
    this.logger.info({ nodes: mirror.nodes.size, subscriptions: routing.matcher.size }, 'routing table loaded');
  }

  onApplicationShutdown(): void {
    this.routing?.close();
    this.routing?.directory.stop();
  }
}
