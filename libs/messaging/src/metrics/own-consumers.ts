import { busChannels, type ExchangeNames, type ServiceName } from '@iren/contracts';

/** A durable consumer a service makes and reads itself, and the stream it reads. */
export interface OwnConsumer {
  durable: string;
  stream: string;
}

/** The durable consumers of `service`, as the bus catalogue has them (each once). */
export function ownDurableConsumers(names: ExchangeNames, service: ServiceName): OwnConsumer[] {
  const found = new Map<string, OwnConsumer>();
  for (const channel of busChannels(names)) {
    const reception = channel.receivers[service];
    if (reception?.via !== 'consumer' || reception.managedBy !== 'self' || !channel.stream) continue;
    // A national site's own stream (the router's relay from the hub): absent at the hub, where its lag
    // would read as a source down on every scrape.
    if (channel.streamAt === 'site') continue;
    const durable = reception.durable('');
    found.set(durable, { durable, stream: channel.stream });
  }
  return [...found.values()];
}
