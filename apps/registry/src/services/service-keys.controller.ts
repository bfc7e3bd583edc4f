import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsString, Length } from 'class-validator';
import {
  ExchangeNames,
  KEY_REGISTERING_SERVICES,
  RPC,
  type ServiceKeysRecord,
  type ServiceName,
} from '@iren/contracts';
import { correlationIdOf, ForbiddenError, RpcController } from '@iren/platform';
import { ServiceKeysService } from './service-keys.service';

export class RegisterServiceKeyRequest {
  /** SPKI PEM of an Ed25519 public key. */
  @IsString()
  @Length(1, 1000)
  publicKey: string;

  /** The key's signature over its registration (base64). */
  @IsString()
  @Length(1, 200)
  proof: string;
}

/** Registration of a service's signing key, on `registry.services.<service>.key`. */
@RpcController()
export class ServiceKeysController {
  constructor(
    private readonly keys: ServiceKeysService,
    private readonly names: ExchangeNames,
  ) {}

  @MessagePattern(RPC.registerServiceKey)
  register(@Payload() input: RegisterServiceKeyRequest, @Ctx() ctx: NatsContext): Promise<ServiceKeysRecord> {
    const subject = ctx.getSubject();
    // The service is read from the subject, which bus permissions guard, never from the payload.
    const service = subject.slice(this.names.rpc('registry.services.').length, -'.key'.length) as ServiceName;
    if (!KEY_REGISTERING_SERVICES.includes(service)) throw new ForbiddenError(`${service} does not register keys`);
    return this.keys.register({ service, subject, ...input }, correlationIdOf(ctx));
  }
}
