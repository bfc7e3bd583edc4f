import { type NatsOptions, Transport } from '@nestjs/microservices';
import { busConnectionOptions, type BusLogin } from './bus-auth/service-login';
import { RECONNECT_FOREVER } from './connection';

/**
 * Options of a service's Nest RPC client (`ClientProxyFactory.create(rpcClientOptions(login))`):
 * logged in as the service, with replies to its own prefix.
 */
export function rpcClientOptions(login: BusLogin): NatsOptions & { transport: Transport.NATS } {
  return {
    transport: Transport.NATS,
    options: { ...busConnectionOptions(login), name: `iren-${login.service}-rpc`, ...RECONNECT_FOREVER },
  };
}
