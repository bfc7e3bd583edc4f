import { Inject, Injectable, type OnModuleInit, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { IndexedMatcher } from '@iren/filters';
import { RegistryDirectory, type RegistryMirror, RoutingView } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';

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
    private readonly registry: RegistryDirectory,
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
    // The view indexes the subscriptions the mirror holds, then follows its changes.
    const routing = new RoutingView(await this.registry.ready());
    this.routing = routing;
    this.logger.info(
      { nodes: routing.directory.nodes.size, subscriptions: routing.matcher.size },
      'routing table loaded',
    );
  }

  onApplicationShutdown(): void {
    this.routing?.close();
  }
}
