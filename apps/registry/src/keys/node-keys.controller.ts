import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsString, Length } from 'class-validator';
import { IsNodeId, type NodeKeyRecord, RPC } from '@iren/contracts';
import { correlationIdOf, RpcController } from '@iren/platform';
import { NodeKeysService } from './node-keys.service';

export class RegisterKeyRequest {
  @IsNodeId()
  nodeId: string;

  /** SPKI PEM of an Ed25519 public key. */
  @IsString()
  @Length(1, 1000)
  publicKey: string;
}

/** Registration of nodes' public signing keys, asked by the gateway that holds the private parts. */
@RpcController()
export class NodeKeysController {
  constructor(private readonly keys: NodeKeysService) {}

  @MessagePattern(RPC.registerKey)
  register(@Payload() input: RegisterKeyRequest, @Ctx() ctx: NatsContext): Promise<NodeKeyRecord> {
    return this.keys.register(input.nodeId, input.publicKey, correlationIdOf(ctx));
  }
}
