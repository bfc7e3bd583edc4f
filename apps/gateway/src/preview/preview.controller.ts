import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PublishMessageDto } from '@iren/contracts';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { PreviewService, type RecipientsPreview } from './preview.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class PreviewController {
  constructor(private readonly previews: PreviewService) {}

  @Post('preview')
  @HttpCode(200)
  @Roles('officer')
  @ApiOkResponse({ description: 'who would receive it now, and why: `{ "recipients": [{ "node", "reasons" }] }`' })
  preview(@CurrentPrincipal() principal: Principal, @Body() input: PublishMessageDto): Promise<RecipientsPreview> {
    return this.previews.preview(principal.nodeId!, input);
  }
}
