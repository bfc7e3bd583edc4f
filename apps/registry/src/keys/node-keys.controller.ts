import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsNodeId, KEY_HOLDERS, type KeyHolder, type NodeKeyRecord, RPC } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { correlationIdOf } from '@iren/platform';
import { NodeKeysService } from './node-keys.service';

export class RegisterKeyRequest {
  @IsNodeId()
  nodeId: string;

  /** SPKI PEM of an Ed25519 public key. */
  @IsString()
  @Length(1, 1000)
  publicKey: string;

  /** Who holds the private part; the gateway unless said otherwise. */
  @IsOptional()
  @IsIn(KEY_HOLDERS)
  holder?: KeyHolder;
}

/** Registration of nodes' public signing keys, asked by the gateway for itself or for a node's own system. */
@SignedRpcController()
export class NodeKeysController {
  constructor(private readonly keys: NodeKeysService) {}

  @MessagePattern(RPC.registerKey)
  register(@Payload() input: RegisterKeyRequest, @Ctx() ctx: NatsContext): Promise<NodeKeyRecord> {
    return this.keys.register(input.nodeId, input.publicKey, input.holder ?? 'gateway', correlationIdOf(ctx));
  }
}
