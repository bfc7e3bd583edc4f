import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { firstValueFrom, timeout } from 'rxjs';
import { ExchangeNames, HEADERS } from '@iren/contracts';
import { DomainError, UnavailableError } from '@iren/platform';

export const RPC_CLIENT = Symbol('RPC_CLIENT');

const REPLY_TIMEOUT_MS = 5000;

/**
 * Request/reply to the registry and the audit service over NATS. A DomainError thrown there comes
 * back as the same error here; silence or transport failure becomes a 503 the client may retry.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  constructor(
    @Inject(RPC_CLIENT) private readonly client: ClientProxy,
    private readonly names: ExchangeNames,
  ) {}

  async call<T>(pattern: string, data: unknown, correlationId?: string): Promise<T> {
    const h = natsHeaders();
    if (correlationId) h.set(HEADERS.correlationId, correlationId);
    const record = new NatsRecordBuilder(data).setHeaders(h).build();
    try {
      return await firstValueFrom(this.client.send<T>(this.names.rpc(pattern), record).pipe(timeout(REPLY_TIMEOUT_MS)));
    } catch (error) {
      if (DomainError.isPayload(error)) throw DomainError.fromPayload(error);
      throw new UnavailableError(`${pattern.split('.')[0]} service did not answer`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
