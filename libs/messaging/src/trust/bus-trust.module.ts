import { type DynamicModule, Global, Module, type Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames, KEY_REGISTERING_SERVICES, type ServiceName } from '@iren/contracts';
import { ROOT_LOGGER } from '@iren/platform';
import { NatsClients } from '../nats.module';
import { BusKeysRepository } from './bus-keys.repository';
import { BusSigner } from './bus-signer';
import { registerServiceKey } from './service-key-registration';
import { loadServiceSigningKey, type ServiceSigningKey } from './service-signing-key';

/** The app's own signing key (services that publish signed messages: gateway, router, registry). */
export const SERVICE_SIGNING_KEY = Symbol('SERVICE_SIGNING_KEY');

/** The services that vouch for what they publish with a signing key of their own. */
const SIGNING_SERVICES: readonly ServiceName[] = ['gateway', 'router', 'registry'];

/**
 * An app's keys for the bus, in its own schema: the registry's key it pinned, and for a service
 * that publishes, its own signing key and a `BusSigner`. A service other than the registry has its
 * key registered with the registry before anything that signs can be made, so that nothing it
 * signs goes out before the registry vouches for its key.
 */
@Global()
@Module({})
export class BusTrustModule {
  static forRoot(service: ServiceName, schema: string): DynamicModule {
    const providers: Provider[] = [
      {
        provide: BusKeysRepository,
        inject: [DataSource],
        useFactory: (ds: DataSource) => new BusKeysRepository(ds, schema),
      },
    ];
    if (SIGNING_SERVICES.includes(service)) {
      providers.push(
        {
          provide: SERVICE_SIGNING_KEY,
          inject: [BusKeysRepository, NatsClients, ExchangeNames, ROOT_LOGGER],
          useFactory: async (store: BusKeysRepository, nats: NatsClients, names: ExchangeNames, root: Logger) => {
            const key = await loadServiceSigningKey(store, service);
            if (KEY_REGISTERING_SERVICES.includes(service)) {
              // The registry's key pinned on an earlier start, if any: with it a restart needs no registry answer.
              const pinned = (await store.find('registry')) ?? undefined;
              const logger = root.child({ context: 'ServiceKeyRegistration' });
              await registerServiceKey(nats.nc, names, key, logger, pinned);
            }
            return key;
          },
        },
        {
          provide: BusSigner,
          inject: [SERVICE_SIGNING_KEY],
          useFactory: (key: ServiceSigningKey) => new BusSigner(key),
        },
      );
    }
    return { module: BusTrustModule, providers, exports: providers };
  }
}
