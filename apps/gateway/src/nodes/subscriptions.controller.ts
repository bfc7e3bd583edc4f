import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PutSubscriptionDto, RPC, type SubscriptionRecord } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actsFor, type Principal } from '../auth/principal';
import { RpcClient } from '../registry/registry-client';
import { NodeIdPipe } from './node-id.pipe';

/** A node's subscription filters: its own officers and the admin may read and replace them. */
@ApiTags('nodes')
@ApiBearerAuth()
@Roles('officer', 'admin')
@Controller('nodes/:id/subscription')
export class SubscriptionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Put()
  replace(
    @CurrentPrincipal() principal: Principal,
    @Param('id', NodeIdPipe) nodeId: string,
    @Body() input: PutSubscriptionDto,
    @CorrelationId() cid: string,
  ): Promise<SubscriptionRecord> {
    ownNode(principal, nodeId);
    return this.rpc.call(RPC.putSubscription, { nodeId, filters: input.filters }, cid);
  }

  @Get()
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', NodeIdPipe) nodeId: string,
    @CorrelationId() cid: string,
  ): Promise<SubscriptionRecord> {
    ownNode(principal, nodeId);
    return this.rpc.call(RPC.getSubscription, { nodeId }, cid);
  }
}

/** Another node's subscription answers like a missing one (DESIGN section 8). */
function ownNode(principal: Principal, nodeId: string): void {
  if (!actsFor(principal, nodeId)) throw new NotFoundError(`subscription of ${nodeId}`);
}
