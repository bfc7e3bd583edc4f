import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { IsNodeId, PutSubscriptionDto, RPC, type SubscriptionRecord } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import { correlationIdOf } from '@iren/platform';
import { SubscriptionsService } from './subscriptions.service';

export class SubscriptionOfRequest {
  @IsNodeId()
  nodeId: string;
}

export class PutSubscriptionRequest extends PutSubscriptionDto {
  @IsNodeId()
  nodeId: string;
}

@SignedRpcController()
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @MessagePattern(RPC.putSubscription)
  put(@Payload() input: PutSubscriptionRequest, @Ctx() ctx: NatsContext): Promise<SubscriptionRecord> {
    return this.subscriptions.replace(input.nodeId, input.filters, correlationIdOf(ctx));
  }

  @MessagePattern(RPC.getSubscription)
  get(@Payload() input: SubscriptionOfRequest): Promise<SubscriptionRecord> {
    return this.subscriptions.get(input.nodeId);
  }
}
