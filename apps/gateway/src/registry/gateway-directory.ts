import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { NatsClients, openRegistryBucket, RegistryMirror } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';

/**
 * The gateway's copy of the registry (members and credential hashes) from the KV bucket: it
 * authenticates every request and checks addressing without a round trip to the registry.
 */
@Injectable()
export class GatewayDirectory implements OnModuleInit, OnApplicationShutdown {
  private mirror?: RegistryMirror;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: GatewayDirectory.name });
  }

  get registry(): RegistryMirror {
    if (!this.mirror) throw new Error('registry mirror not loaded yet');
    return this.mirror;
  }

  async onModuleInit(): Promise<void> {
    const mirror = new RegistryMirror(await openRegistryBucket(this.nats.nc, this.names, this.logger), this.logger);
    await mirror.start();
    this.mirror = mirror;
  }

  onApplicationShutdown(): void {
    this.mirror?.stop();
  }
}
