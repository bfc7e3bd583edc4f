import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { drainNats, natsReady } from './connection';

/** The app's NATS connection and its JetStream handles, drained when the app shuts down. */
@Injectable()
export class NatsClients implements OnApplicationShutdown {
  constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
    /** Replicas for streams and buckets this app creates; every app must agree (`IREN_STREAM_REPLICAS`). */
    readonly replicas = 1,
  ) {}

  get ready(): boolean {
    return natsReady(this.nc);
  }

  async onApplicationShutdown(): Promise<void> {
    await drainNats(this.nc);
  }
}
