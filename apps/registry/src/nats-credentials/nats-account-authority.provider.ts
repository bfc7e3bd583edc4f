import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { NatsAccountAuthority } from '@iren/messaging';
import { ROOT_LOGGER, type RegistryConfig } from '@iren/platform';
import { NATS_ACCOUNT_AUTHORITY } from './bus-account-sync';

/**
 * The registry's authority over the bus's account, from its creds directory: on a bus without
 * authentication (no `NATS_CREDS_DIR`) there is none, and nodes get no NATS credentials. A creds
 * directory without the authority's files (only `registry.creds`) is said at start.
 */
export function natsAccountAuthority(config: RegistryConfig): Provider {
  return {
    provide: NATS_ACCOUNT_AUTHORITY,
    inject: [ROOT_LOGGER],
    useFactory: (logger: Logger): NatsAccountAuthority | null => {
      if (!config.natsCredsDir) return null;
      try {
        return NatsAccountAuthority.load(config.natsCredsDir, config.natsUrl);
      } catch (error) {
        logger.warn({ err: error }, 'no authority over the bus account: nodes cannot be given NATS credentials');
        return null;
      }
    },
  };
}
