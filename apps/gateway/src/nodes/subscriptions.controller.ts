import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PutSubscriptionDto, RPC, type SubscriptionRecord } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actsFor, type Principal } from '../auth/principal';
import { RpcClient } from '../registry/registry-client';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { NodeIdPipe } from './node-id.pipe';
import { SubscriptionView } from './node.view';

/** A node's subscription filters: its own officers and the admin may read and replace them. */
@ApiTags('nodes')
@Roles('officer', 'admin')
@Controller('nodes/:id/subscription')
export class SubscriptionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Put()
  @ApiOperationDoc({
    id: 'replaceSubscription',
    summary: 'Replace a node’s subscription filters (that node’s officer, admin)',
    description:
      'A message matches a filter when every field the filter constrains matches; the node receives what any of its filters matches. Another node’s subscription answers 404.',
    errors: [400, 404, 413],
  })
  @ApiExampleBody(PutSubscriptionDto, 'putSubscription')
  @ApiOkResponse({ type: SubscriptionView })
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
  @ApiOperationDoc({
    id: 'getSubscription',
    summary: 'A node’s subscription filters (that node’s officer, admin)',
    errors: [400, 404],
  })
  @ApiOkResponse({ type: SubscriptionView })
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
