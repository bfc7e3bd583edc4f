import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { presentedDigest } from '../auth/request-credentials';
import { ApiOperationDoc } from '../http/api-answers';
import { InboxStreamService } from './inbox-stream.service';

@ApiTags('inbox')
@Roles('officer', 'coordinator')
@Controller('inbox')
export class InboxStreamController {
  constructor(private readonly streams: InboxStreamService) {}

  @Get('stream')
  @ApiOperationDoc({
    id: 'streamInbox',
    summary: 'The node’s deliveries, live, as server-sent events',
    description:
      'What GET /inbox answers, then each new or changed item as it happens. 429 also when the node already holds its IREN_STREAMS_PER_NODE streams (Retry-After).',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'after', required: false, description: 'cursor to resume after; the Last-Event-ID header wins' })
  @ApiOkResponse({
    description:
      'server-sent events: `id` = the item cursor, `event: delivery`, `data` = a GET /inbox item (InboxItem); a comment every 15 s; ' +
      'when the token is revoked, the node suspended or the registry not followed, `event: closed` with the error, then the end',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  stream(
    @CurrentPrincipal() principal: Principal,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ): void {
    const holder = { digest: presentedDigest(request)!, nodeId: principal.nodeId!, tokenId: principal.tokenId! };
    this.streams.open(holder, lastEventId, after, response);
  }
}
