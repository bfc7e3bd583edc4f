import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AmendMessageDto, GiveFeedbackDto, WithdrawMessageDto } from '@iren/contracts';
import { CorrelationId, CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { FeedbackService } from './feedback.service';
import { type FollowUpAccepted, MessageChangesService } from './message-changes.service';

/** What happens to a message after it is sent: withdrawal and amendment by its origin, feedback by a recipient. */
@ApiTags('messages')
@ApiBearerAuth()
@Roles('officer')
@Controller('messages')
export class FollowUpsController {
  constructor(
    private readonly changes: MessageChangesService,
    private readonly feedback: FeedbackService,
  ) {}

  @Post(':id/withdraw')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'the WITHDRAWAL, queued for the original recipients: `{ "id", "status" }`' })
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
  @ApiAcceptedResponse({
    description: 'the AMENDMENT, queued for the original recipients: `{ "id", "status", "version" }`',
  })
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
  @ApiAcceptedResponse({ description: 'the FEEDBACK, queued for the message\'s origin: `{ "id", "status" }`' })
  give(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: GiveFeedbackDto,
    @CorrelationId() correlationId: string,
  ): Promise<FollowUpAccepted> {
    return this.feedback.give(principal.nodeId!, id, input, correlationId);
  }
}
