import type { Provider } from '@nestjs/common';
import { RegistryDirectory } from './registry-directory';
import { RPC_CALLER_KEYS, type RpcCallerKeys } from './signed-rpc-caller.guard';

/**
 * A request/reply server other than the registry checks who calls it against the services' keys
 * in its mirror of the registry bucket, caught up when a caller's key is not there yet.
 */
export const mirroredCallerKeysProvider: Provider = {
  provide: RPC_CALLER_KEYS,
  inject: [RegistryDirectory],
  useFactory: (directory: RegistryDirectory): RpcCallerKeys => ({
    serviceKeys: async (service) => {
      const known = directory.registry.serviceKeys(service);
      if (known) return known;
      await directory.registry.catchUp();
      return directory.registry.serviceKeys(service);
    },
  }),
};
