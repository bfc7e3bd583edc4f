import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { PublishMessageDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { type MessageView, MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

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
  view(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<MessageView> {
    return this.messages.view(principal, id);
  }
}
