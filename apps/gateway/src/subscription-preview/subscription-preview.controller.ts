import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { PutSubscriptionDto } from '@iren/contracts';
import { NotFoundError } from '@iren/platform';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { actsFor, type Principal } from '../auth/principal';
import { ApiOperationDoc } from '../http/api-answers';
import { NodeIdPipe } from '../nodes/node-id.pipe';
import { type SubscriptionPreview, SubscriptionPreviewService } from './subscription-preview.service';
import { SubscriptionPreviewView } from './subscription-preview.view';

/** Before saving filters: how many recent alerts each would have matched. */
@ApiTags('nodes')
@Roles('officer', 'admin')
@Controller('nodes/:id/subscription')
export class SubscriptionPreviewController {
  constructor(private readonly previews: SubscriptionPreviewService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperationDoc({
    id: 'previewSubscription',
    summary: 'How many alerts of the last 30 days each filter would have matched (that node’s officer, admin)',
    description:
      'Counts only alerts a subscription could have brought the node (not its own, not withdrawn, TLP CLEAR, GREEN or AMBER, not confined to an operation), with the router’s matching rule. Nothing is saved. Another node answers 404.',
    errors: [400, 404, 413],
  })
  @ApiOkResponse({ type: SubscriptionPreviewView })
  preview(
    @CurrentPrincipal() principal: Principal,
    @Param('id', NodeIdPipe) nodeId: string,
    @Body() input: PutSubscriptionDto,
  ): Promise<SubscriptionPreview> {
    if (!actsFor(principal, nodeId)) throw new NotFoundError(`subscription of ${nodeId}`);
    return this.previews.preview(nodeId, input.filters);
  }
}
