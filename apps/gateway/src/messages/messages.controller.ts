import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PublishMessageDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { MessageMetadataView, MessageView } from './message.view';
import { MessageViewService } from './message-view.service';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly views: MessageViewService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('officer')
  @ApiAcceptedResponse({ description: 'stored and queued for routing: `{ "id": "<uuid>", "status": "ACCEPTED" }`' })
  publish(
    @CurrentPrincipal() principal: Principal,
    @Body() input: PublishMessageDto,
    @CorrelationId() correlationId: string,
  ): Promise<{ id: string; status: 'ACCEPTED' }> {
    return this.messages.publish(principal.nodeId!, input, correlationId);
  }

  @Get(':id')
  @ApiOkResponse({
    description:
      'the message as it now stands, its history, and delivery states; for the admin and a coordinator it did not reach, its metadata only (`content: "withheld"`)',
  })
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @CorrelationId() correlationId: string,
  ): Promise<MessageView | MessageMetadataView> {
    return this.views.view(principal, id, correlationId);
  }
}
