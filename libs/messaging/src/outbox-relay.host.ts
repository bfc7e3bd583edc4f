import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { ROOT_LOGGER } from '@iren/platform';
import { NatsClients } from './nats.module';
import { OutboxRepository } from './outbox';
import { OutboxRelay } from './outbox-relay';

/** Runs an app's outbox relay for the app's lifetime; services call `notify()` after a commit. */
@Injectable()
export class OutboxRelayHost implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(outbox: OutboxRepository, nats: NatsClients, @Inject(ROOT_LOGGER) logger: Logger) {
    this.relay = new OutboxRelay(outbox, nats.js, logger.child({ context: OutboxRelay.name }));
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
