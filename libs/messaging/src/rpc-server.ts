import { ServerNats } from '@nestjs/microservices';
import type { ExchangeNames } from '@iren/contracts';

type NatsClient = Parameters<ServerNats['bindEvents']>[0];

/**
 * Nest's NATS transport, with every `@MessagePattern` served under the network's namespace
 * (`<namespace>.rpc.<pattern>`) and in a queue group, so several networks share one NATS server
 * and several instances of an app share the load.
 */
export class NamespacedNatsServer extends ServerNats {
  constructor(
    private readonly names: ExchangeNames,
    private readonly queue: string,
    options: ConstructorParameters<typeof ServerNats>[0],
  ) {
    super(options);
  }

  override bindEvents(client: NatsClient): void {
    // `subscriptions` is private in the typings only; the base class unsubscribes them on close.
    const subscriptions = (this as unknown as { subscriptions: unknown[] }).subscriptions;
    for (const [pattern, handler] of this.messageHandlers) {
      const subscription = client.subscribe(this.names.rpc(pattern), {
        queue: (handler.extras?.queue as string | undefined) ?? this.queue,
        callback: this.getMessageHandler(pattern).bind(this),
      });
      subscriptions.push(subscription);
    }
  }
}
