import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import { busPermissions, ExchangeNames, serviceIdentity, streamsVisibleTo, TOPOLOGY_OWNER } from '@iren/contracts';
import { HEALTH_DETAILS, type HealthDetail } from '@iren/platform';
import { busAuthentication } from './bus-auth/bus-authentication';
import type { BusLogin } from './bus-auth/service-login';
import { connectNats } from './connection';
import { DurableConsumers } from './durable-consumers';
import { Leases } from './leases';
import { NatsClients } from './nats-clients';
import { ensureStreams, type StreamSettings } from './streams';
import { waitForStreams } from './topology-wait';

export interface NatsModuleOptions extends BusLogin {
  /** Connection name shown by the NATS server (`iren-gateway`, ...). */
  name: string;
  logger: Logger;
  streams: StreamSettings;
}

export { NatsClients };

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
            const nc = await connectNats(opts.url, opts.name, opts.logger, opts);
            warnIfOpen(nc, opts.logger);
            const jsm = await jetstreamManager(nc);
            await layOutOrWait(jsm, names, opts);
            return new NatsClients(nc, jetstream(nc), jsm, opts.streams.replicas);
          },
        },
        {
          provide: HEALTH_DETAILS,
          inject: [NatsClients],
          useFactory: (nats: NatsClients): HealthDetail[] => [
            { name: 'bus', detail: () => busAuthentication(nats.nc) },
          ],
        },
        DurableConsumers,
        {
          provide: Leases,
          // Without the app's metrics registry (a module under test), the leases have no gauge.
          inject: [NatsClients, ExchangeNames, NATS_OPTIONS, HEALTH_DETAILS, { token: Registry, optional: true }],
          useFactory: (
            nats: NatsClients,
            names: ExchangeNames,
            opts: NatsModuleOptions,
            health: HealthDetail[],
            registry: Registry,
          ) => new Leases(nats, names, opts.service, health, registry, opts.logger),
        },
      ],
      exports: [NatsClients, ExchangeNames, NATS_OPTIONS, HEALTH_DETAILS, DurableConsumers, Leases],
    };
  }
}

/** One warning at start on a bus anyone can use as anyone; `/health` keeps saying it (`details.bus`). */
function warnIfOpen(nc: NatsConnection, logger: Logger): void {
  const bus = busAuthentication(nc);
  if (bus.warning) logger.warn({ bus: bus.authentication }, bus.warning);
}

/** The registry lays out the streams; every other service waits for the ones it uses. */
async function layOutOrWait(jsm: JetStreamManager, names: ExchangeNames, opts: NatsModuleOptions): Promise<void> {
  if (opts.service === TOPOLOGY_OWNER) return ensureStreams(jsm, names, opts.streams);
  const used = streamsVisibleTo(busPermissions(names, serviceIdentity(opts.service)));
  // The registry bucket has its own wait, where it is opened; the lease bucket is made by whoever needs it first.
  const ownWait = [names.registryBucketStream, names.leaseBucketStream];
  await waitForStreams(
    jsm,
    used.filter((stream) => !ownWait.includes(stream)),
    opts.logger.child({ context: NatsModule.name }),
  );
}

export const InjectNatsOptions = () => Inject(NATS_OPTIONS);

/** Readiness of an app's NATS connection (open, not reconnecting). */
export function natsHealthCheck(nats: NatsClients): { name: string; check(): Promise<boolean> } {
  return { name: 'nats', check: async () => nats.ready };
}
