import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsUUID } from 'class-validator';
import { IsNodeId, type IssuedNatsCredential, type NatsCredentialRecord, RPC } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { correlationIdOf } from '@iren/platform';
import { NatsCredentialsService } from './nats-credentials.service';

export class NodeCredentialsRequest {
  @IsNodeId()
  nodeId: string;
}

export class RevokeNatsCredentialRequest extends NodeCredentialsRequest {
  @IsUUID()
  credentialId: string;
}

/** NATS users of nodes' own systems, issued, listed and revoked for the gateway's admin. */
@SignedRpcController()
export class NatsCredentialsController {
  constructor(private readonly credentials: NatsCredentialsService) {}

  @MessagePattern(RPC.issueNatsCredentials)
  issue(@Payload() input: NodeCredentialsRequest, @Ctx() ctx: NatsContext): Promise<IssuedNatsCredential> {
    return this.credentials.issue(input.nodeId, correlationIdOf(ctx));
  }

  @MessagePattern(RPC.listNatsCredentials)
  list(@Payload() input: NodeCredentialsRequest): Promise<NatsCredentialRecord[]> {
    return this.credentials.list(input.nodeId);
  }

  @MessagePattern(RPC.revokeNatsCredentials)
  revoke(@Payload() input: RevokeNatsCredentialRequest, @Ctx() ctx: NatsContext): Promise<NatsCredentialRecord> {
    return this.credentials.revoke(input.nodeId, input.credentialId, correlationIdOf(ctx));
  }
}
