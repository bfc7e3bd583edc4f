import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AckDto, InboxQueryDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { InboxItem } from './delivery.view';
import { type InboxPage, InboxService } from './inbox.service';

/** A node's inbox: its officers read and acknowledge it; a coordinator reads what named it. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @Roles('officer', 'coordinator')
  page(@CurrentPrincipal() principal: Principal, @Query() query: InboxQueryDto): Promise<InboxPage> {
    return this.inbox.page(principal.nodeId!, query.after, query.limit ?? 50);
  }

  @Post(':messageId/ack')
  @Roles('officer')
  @HttpCode(200)
  acknowledge(
    @CurrentPrincipal() principal: Principal,
    @Param('messageId', ParseUUIDPipe) messageId: string,
    @Body() input: AckDto,
    @CorrelationId() correlationId: string,
  ): Promise<InboxItem> {
    return this.inbox.acknowledge(principal.nodeId!, messageId, input.status, correlationId);
  }
}
