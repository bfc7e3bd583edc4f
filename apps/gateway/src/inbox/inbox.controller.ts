import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AckDto, InboxQueryDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { InboxItem, InboxPageView } from './delivery.view';
import { type InboxPage, InboxService } from './inbox.service';

/** A node's inbox: its officers read and acknowledge it; a coordinator reads what named it. */
@ApiTags('inbox')
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Roles('officer', 'coordinator')
  @ApiOperationDoc({
    id: 'getInbox',
    summary: 'The node’s deliveries, oldest first, from a cursor',
    description:
      'Each item is the message as it now stands (amended, withdrawn), with the node’s delivery state. Pass `next` as `after` to read on; a changed item moves after the cursor, so a reader sees the change.',
    errors: [400],
  })
  @ApiOkResponse({ type: InboxPageView })
  page(@CurrentPrincipal() principal: Principal, @Query() query: InboxQueryDto): Promise<InboxPage> {
    return this.inbox.page(principal.nodeId!, query.after, query.limit ?? 50);
  }

  @Post(':messageId/ack')
  @Roles('officer')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'acknowledgeMessage',
    summary: 'Acknowledge receipt of a delivered message, or that it was actioned',
    errors: [400, 404, 413],
  })
  @ApiExampleBody(AckDto, 'ack')
  @ApiOkResponse({ type: InboxItem, description: 'the inbox item with its new state' })
  acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId', ParseUUIDPipe) messageId: string,
    @Body() input: AckDto,
    @CorrelationId() correlationId: string,
  ): Promise<InboxItem> {
    return this.inbox.acknowledge(principal.nodeId!, messageId, input.status, correlationId);
  }
}
