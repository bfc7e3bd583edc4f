import { type DynamicModule, Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { ExchangeNames } from '@iren/contracts';
import { connectNats, drainNats, natsReady } from './connection';
import { ensureStreams, type StreamSettings } from './streams';

export interface NatsModuleOptions {
  url: string;
  namespace: string;
  /** Connection name shown by the NATS server (`iren-gateway`, ...). */
  name: string;
  logger: Logger;
  streams: StreamSettings;
}

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

export const NATS_OPTIONS = Symbol('NATS_OPTIONS');

@Global()
@Module({})
export class NatsModule {
  static forRoot(options: NatsModuleOptions): DynamicModule {
    return {
      module: NatsModule,
      providers: [
        { provide: NATS_OPTIONS, useValue: options },
        { provide: ExchangeNames, useValue: new ExchangeNames(options.namespace) },
        {
          provide: NatsClients,
          inject: [NATS_OPTIONS, ExchangeNames],
          useFactory: async (opts: NatsModuleOptions, names: ExchangeNames) => {
            const nc = await connectNats(opts.url, opts.name, opts.logger);
            const jsm = await jetstreamManager(nc);
            await ensureStreams(jsm, names, opts.streams);
            return new NatsClients(nc, jetstream(nc), jsm, opts.streams.replicas);
          },
        },
      ],
      exports: [NatsClients, ExchangeNames, NATS_OPTIONS],
    };
  }
}

export const InjectNatsOptions = () => Inject(NATS_OPTIONS);

/** Readiness of an app's NATS connection (open, not reconnecting). */
export function natsHealthCheck(nats: NatsClients): { name: string; check(): Promise<boolean> } {
  return { name: 'nats', check: async () => nats.ready };
}
