import type { Provider } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ExchangeNames } from '@iren/contracts';
import { BusSigner, CheckpointWatchService, NatsClients } from '@iren/messaging';
import { ROOT_LOGGER } from '@iren/platform';

/** The gateway's watch over the audit ledger's checkpoints, kept in the `gateway` schema. */
export const checkpointWatchProvider: Provider = {
  provide: CheckpointWatchService,
  inject: [DataSource, NatsClients, ExchangeNames, BusSigner, ROOT_LOGGER],
  useFactory: (ds: DataSource, nats: NatsClients, names: ExchangeNames, signer: BusSigner, root: Logger) =>
    new CheckpointWatchService(ds, nats, names, signer, 'gateway', root.child({ context: 'GatewayCheckpointWatch' })),
};
