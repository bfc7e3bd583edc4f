import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { PublishMessageDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { MessageAcceptedView, MessageMetadataView, MessageView } from './message.view';
import { MessageViewService } from './message-view.service';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiExtraModels(MessageView, MessageMetadataView)
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly views: MessageViewService,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('officer')
  @ApiOperationDoc({
    id: 'publishMessage',
    summary: 'Publish an alert or risk profile from the officer’s node',
    description:
      'The body is the envelope’s unsigned part; the gateway adds the id, origin and time, signs it with the node’s key and queues it for routing. Recipients: those addressed in `to` and those whose subscription filters match.',
    errors: [400, 413],
  })
  @ApiExampleBody(PublishMessageDto, 'publishMessage')
  @ApiAcceptedResponse({ type: MessageAcceptedView, description: 'stored and queued for routing' })
  publish(
    @CurrentPrincipal() principal: Principal,
    @Body() input: PublishMessageDto,
    @CorrelationId() correlationId: string,
  ): Promise<{ id: string; status: 'ACCEPTED' }> {
    return this.messages.publish(principal.nodeId!, input, correlationId);
  }

  @Get(':id')
  @ApiOperationDoc({
    id: 'getMessage',
    summary: 'A message as it now stands, its history and delivery states',
    description:
      'For its origin and its recipients. For the admin, and a coordinator it did not reach, its metadata only (`content: "withheld"`). The first read by a recipient marks it read.',
    errors: [400, 404],
  })
  @ApiOkResponse({
    description: 'the message, or its metadata only (`content: "withheld"`)',
    schema: { oneOf: [{ $ref: getSchemaPath(MessageView) }, { $ref: getSchemaPath(MessageMetadataView) }] },
  })
  view(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @CorrelationId() correlationId: string,
  ): Promise<MessageView | MessageMetadataView> {
    return this.views.view(principal, id, correlationId);
  }
}
