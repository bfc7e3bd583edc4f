import {
  applyDecorators,
  type CanActivate,
  type ExecutionContext,
  Inject,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  ExchangeNames,
  REQUEST_MAX_AGE_MS,
  requestCaller,
  rpcCallers,
  type ServiceKeysRecord,
  type ServiceName,
} from '@iren/contracts';
import { ForbiddenError, ROOT_LOGGER, RpcController } from '@iren/platform';

/** Where a request/reply server looks up its callers' keys: the registry's own table, the others' mirror. */
export interface RpcCallerKeys {
  serviceKeys(service: ServiceName): Promise<ServiceKeysRecord | undefined>;
}

export const RPC_CALLER_KEYS = Symbol('RPC_CALLER_KEYS');

/**
 * Lets a request/reply handler run only for a request signed by a service the channel catalogue
 * allows to call it (`rpcCallers`), with a key the registry published, signed within the last two
 * minutes, and not acted on before: on a bus anyone can publish on, nobody can ask the registry
 * for a token or the audit service for the ledger in the gateway's name. The ids of requests acted
 * on are remembered by this instance for as long as they could still arrive.
 */
@Injectable()
export class SignedRpcCallerGuard implements CanActivate {
  private readonly spent = new Map<string, number>();
  private readonly logger: Logger;

  constructor(
    private readonly names: ExchangeNames,
    @Inject(RPC_CALLER_KEYS) private readonly keys: RpcCallerKeys,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.logger = logger.child({ context: SignedRpcCallerGuard.name });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const subject = nats.getSubject();
    const pattern = subject.slice(this.names.rpc('').length);
    const callers = rpcCallers(pattern);
    const keys = new Map<ServiceName, ServiceKeysRecord | undefined>();
    for (const service of callers) keys.set(service, await this.keys.serviceKeys(service));
    const request = {
      subject,
      data: rpc.getData(),
      header: (name: string) => nats.getHeaders()?.get(name) || undefined,
    };
    const verdict = requestCaller(request, callers, { serviceKeys: (service) => keys.get(service) });
    if ('reason' in verdict) return this.refuse(subject, verdict.reason, verdict.detail);
    if (!this.spend(verdict.requestId))
      return this.refuse(subject, 'replayed', `request ${verdict.requestId} was acted on already`);
    return true;
  }

  private spend(requestId: string): boolean {
    const now = Date.now();
    for (const [id, until] of this.spent) if (until < now) this.spent.delete(id);
    if (this.spent.has(requestId)) return false;
    this.spent.set(requestId, now + 2 * REQUEST_MAX_AGE_MS);
    return true;
  }

  private refuse(subject: string, reason: string, detail: string): never {
    this.logger.warn({ subject, reason }, 'request refused: not signed by a service allowed to make it');
    throw new ForbiddenError(`${reason}: ${detail}`);
  }
}

/** A controller of request/reply handlers that act only on requests signed by their callers. */
export function SignedRpcController(): ClassDecorator {
  return applyDecorators(RpcController(), UseGuards(SignedRpcCallerGuard));
}
