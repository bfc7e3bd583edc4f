import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PublishMessageDto } from '@iren/contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { ApiExampleBody } from '../http/request-examples';
import { PreviewService, type RecipientsPreview } from './preview.service';
import { RecipientsPreviewView } from './recipients.view';

@ApiTags('messages')
@Controller('messages')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Post('preview')
  @HttpCode(200)
  @Roles('officer')
  @ApiOperationDoc({
    id: 'previewRecipients',
    summary: 'Who would receive a message now, and why, without publishing it',
    description: 'The same body as POST /messages; recipients are computed as the router computes them.',
    errors: [400, 413],
  })
  @ApiExampleBody(PublishMessageDto, 'publishMessage')
  @ApiOkResponse({ type: RecipientsPreviewView, description: 'the nodes that would receive it, with the reasons' })
  preview(@CurrentPrincipal() principal: Principal, @Body() input: PublishMessageDto): Promise<RecipientsPreview> {
    return this.previews.preview(principal.nodeId!, input);
  }
}
