import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { InboxStreamService } from './inbox-stream.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Roles('officer')
@Controller('inbox')
export class InboxStreamController {
  constructor(private readonly streams: InboxStreamService) {}

  @Get('stream')
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'after', required: false, description: 'cursor to resume after; the Last-Event-ID header wins' })
  @ApiOkResponse({
    description:
      'server-sent events: `id` = the item cursor, `event: delivery`, `data` = a GET /inbox item; a comment every 15 s',
  })
  stream(
    @CurrentPrincipal() principal: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Res() response: Response,
  ): void {
    this.streams.open(principal.nodeId!, lastEventId, after, response);
  }
}
