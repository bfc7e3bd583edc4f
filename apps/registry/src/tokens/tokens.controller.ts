import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsUUID } from 'class-validator';
import { IsNodeId, RPC } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { correlationIdOf } from '@iren/platform';
import { TokensService } from './tokens.service';

export class IssueTokenRequest {
  @IsNodeId()
  nodeId: string;
}

export class RevokeTokenRequest extends IssueTokenRequest {
  @IsUUID()
  tokenId: string;
}

@SignedRpcController()
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @MessagePattern(RPC.issueToken)
  issue(@Payload() input: IssueTokenRequest, @Ctx() ctx: NatsContext): Promise<{ id: string; token: string }> {
    return this.tokens.issue(input.nodeId, correlationIdOf(ctx));
  }

  @MessagePattern(RPC.revokeToken)
  async revoke(@Payload() input: RevokeTokenRequest, @Ctx() ctx: NatsContext): Promise<{ revoked: true }> {
    await this.tokens.revoke(input.nodeId, input.tokenId, correlationIdOf(ctx));
    return { revoked: true };
  }
}
