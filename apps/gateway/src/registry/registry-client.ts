import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { ExchangeNames } from '@iren/contracts';
import { BusSigner } from '@iren/messaging';
import { DomainError, UnavailableError } from '@iren/platform';

export const RPC_CLIENT = Symbol('RPC_CLIENT');

const REPLY_TIMEOUT_MS = 5000;

/**
 * Request/reply to the registry and the audit service over NATS, each request signed as the
 * gateway (they act only on requests their callers signed). A DomainError thrown there comes back
 * as the same error here; silence or transport failure becomes a 503 the client may retry.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  constructor(
    @Inject(RPC_CLIENT) private readonly client: ClientProxy,
    private readonly names: ExchangeNames,
    private readonly signer: BusSigner,
  ) {}

  async call<T>(pattern: string, data: unknown, correlationId?: string): Promise<T> {
    const subject = this.names.rpc(pattern);
    const record = new NatsRecordBuilder(data)
      .setHeaders(this.signer.requestHeaders(subject, data, correlationId))
      .build();
    try {
      return await firstValueFrom(this.client.send<T>(subject, record).pipe(timeout(REPLY_TIMEOUT_MS)));
    } catch (error) {
      if (DomainError.isPayload(error)) throw DomainError.fromPayload(error);
      throw new UnavailableError(`${pattern.split('.')[0]} service did not answer`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
