import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { ServiceName } from '@iren/contracts';
import {
  appDataSourceOptions,
  type AppDataSourceInput,
  type BaseConfig,
  LoggerModule,
  MetricsModule,
} from '@iren/platform';
import { BusMetricsModule } from './metrics/bus-metrics.module';
import { NatsModule } from './nats.module';
import { BusTrustModule } from './trust/bus-trust.module';

/**
 * The modules every app imports first: its logger, its metrics registry (with the HTTP and
 * consumer metrics), its NATS connection with the network's streams, and its own PostgreSQL
 * schema with its migrations.
 */
export function appInfrastructure(
  app: ServiceName,
  config: BaseConfig,
  logger: Logger,
  storage: Pick<AppDataSourceInput, 'schema' | 'entities' | 'migrations'>,
): DynamicModule[] {
  return [
    LoggerModule.forRoot(logger),
    MetricsModule.forRoot(app),
    NatsModule.forRoot({
      url: config.natsUrl,
      service: app,
      namespace: config.namespace,
      ...(config.natsCredsDir !== undefined && { credsDir: config.natsCredsDir }),
      name: `iren-${app}`,
      logger,
      streams: {
        replicas: config.streamReplicas,
        maxBytes: config.streamMaxBytes,
        // The hub's EXCHANGE and EVENTS source these sites' streams; a site's own streams are laid out by `site:streams`.
        sites: config.placement.at === 'hub' ? config.placement.sites : [],
      },
    }),
    TypeOrmModule.forRoot(appDataSourceOptions({ databaseUrl: config.databaseUrl, ...storage })),
    BusTrustModule.forRoot(app, storage.schema),
    { module: BusMetricsModule },
  ];
}
