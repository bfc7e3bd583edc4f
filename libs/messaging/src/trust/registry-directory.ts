import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail, ROOT_LOGGER } from '@iren/platform';
import { NatsClients } from '../nats.module';
import type { RegistryMirror } from '../registry-mirror';
import { BusKeysRepository } from './bus-keys.repository';
import { trustedRegistryMirror } from './registry-anchor';

/**
 * An app's copy of the registry (members, credential hashes, nodes' and services' keys) from the
 * KV bucket, taking only what the registry signed: the gateway authenticates requests and checks
 * addressing and deliveries with it, the router routes with it, the audit checks who signed what
 * it records.
 */
@Injectable()
export class RegistryDirectory implements OnModuleInit, OnApplicationShutdown {
  private mirror?: RegistryMirror;
  private loading?: Promise<RegistryMirror>;
  private readonly logger: Logger;

  constructor(
    private readonly nats: NatsClients,
    private readonly names: ExchangeNames,
    private readonly trust: BusKeysRepository,
    @Inject(HEALTH_DETAILS) private readonly health: HealthDetail[],
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: RegistryDirectory.name });
  }

  get registry(): RegistryMirror {
    if (!this.mirror) throw new Error('registry mirror not loaded yet');
    return this.mirror;
  }

  /** The mirror once loaded (providers that build on it at start await this: start hooks run together). */
  ready(): Promise<RegistryMirror> {
    this.loading ??= this.load();
    return this.loading;
  }

  async onModuleInit(): Promise<void> {
    await this.ready();
  }

  private async load(): Promise<RegistryMirror> {
    const mirror = await trustedRegistryMirror(this.nats, this.names, this.trust, this.logger);
    await mirror.start();
    this.mirror = mirror;
    // What was written into the registry bucket without the registry's signature, and refused.
    this.health.push({ name: 'registryBucket', detail: () => mirror.refused });
    return mirror;
  }

  onApplicationShutdown(): void {
    this.mirror?.stop();
  }
}
