import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { AmendMessageDto, GiveFeedbackDto, WithdrawMessageDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { FeedbackService } from './feedback.service';
import { FollowUpAcceptedView } from './follow-up.view';
import { type FollowUpAccepted, MessageChangesService } from './message-changes.service';

/** What happens to a message after it is sent: withdrawal and amendment by its origin, feedback by a recipient. */
@ApiTags('messages')
@Roles('officer')
@Controller('messages')
export class FollowUpsController {
  constructor(
    private readonly changes: MessageChangesService,
    private readonly feedback: FeedbackService,
  ) {}

  @Post(':id/withdraw')
  @HttpCode(202)
  @ApiOperationDoc({
    id: 'withdrawMessage',
    summary: 'Withdraw a message the officer’s node published',
    description: 'A WITHDRAWAL goes to the original recipients; 409 when the message is already withdrawn.',
    errors: [400, 404, 409, 413],
  })
  @ApiAcceptedResponse({
    type: FollowUpAcceptedView,
    description: 'the WITHDRAWAL, queued for the original recipients',
  })
  withdraw(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: WithdrawMessageDto,
    @CorrelationId() correlationId: string,
  ): Promise<FollowUpAccepted> {
    return this.changes.withdraw(principal.nodeId!, id, input, correlationId);
  }

  @Post(':id/amend')
  @HttpCode(202)
  @ApiOperationDoc({
    id: 'amendMessage',
    summary: 'Amend a message the officer’s node published',
    description:
      'An AMENDMENT with the new body goes to the original recipients, who then hold the next version; 409 once withdrawn.',
    errors: [400, 404, 409, 413],
  })
  @ApiAcceptedResponse({ type: FollowUpAcceptedView, description: 'the AMENDMENT, queued for the original recipients' })
  amend(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: AmendMessageDto,
    @CorrelationId() correlationId: string,
  ): Promise<FollowUpAccepted> {
    return this.changes.amend(principal.nodeId!, id, input, correlationId);
  }

  @Post(':id/feedback')
  @HttpCode(202)
  @ApiOperationDoc({
    id: 'giveFeedback',
    summary: 'Report what the officer’s node found on a message it received',
    description:
      'The outcome (a seizure with its quantities, an examination that found nothing, no action) goes to the message’s origin as a FEEDBACK; 409 when the node already gave it.',
    errors: [400, 404, 409, 413],
  })
  @ApiExampleBody(GiveFeedbackDto, 'giveFeedback')
  @ApiAcceptedResponse({ type: FollowUpAcceptedView, description: 'the FEEDBACK, queued for the message’s origin' })
  give(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: GiveFeedbackDto,
    @CorrelationId() correlationId: string,
  ): Promise<FollowUpAccepted> {
    return this.feedback.give(principal.nodeId!, id, input, correlationId);
  }
}
