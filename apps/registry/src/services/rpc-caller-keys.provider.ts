import type { Provider } from '@nestjs/common';
import { RPC_CALLER_KEYS, type RpcCallerKeys } from '@iren/messaging';
import { ServiceKeysRepository } from './service-keys.repository';

/** The registry checks who calls it against the services' keys in its own table. */
export const rpcCallerKeysProvider: Provider = {
  provide: RPC_CALLER_KEYS,
  inject: [ServiceKeysRepository],
  useFactory: (keys: ServiceKeysRepository): RpcCallerKeys => ({
    serviceKeys: async (service) => keys.recordOf(service),
  }),
};
