import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@iren/platform';
import { NatsClients } from './nats.module';
import { OutboxRepository } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { BusSigner } from './trust/bus-signer';

/** Runs an app's outbox relay for the app's lifetime, signing as the app; services call `notify()` after a commit. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(outbox: OutboxRepository, nats: NatsClients, signer: BusSigner, @Inject(ROOT_LOGGER) logger: Logger) {
    this.relay = new OutboxRelay(outbox, nats.js, signer, logger.child({ context: OutboxRelay.name }));
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }

  notify(): void {
    this.relay.notify();
  }
}
