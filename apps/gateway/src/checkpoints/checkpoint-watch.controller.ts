import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CheckpointWatchService, type CheckpointWatchState } from '@iren/messaging';
import { Roles } from '../auth/auth.decorators';
import { CheckpointWatchView } from '../audit/audit.view';
import { ApiOperationDoc } from '../http/api-answers';

/** The gateway's view of the audit ledger: the checkpoint it holds, and the operator's acknowledgement of an alert. */
@ApiTags('audit')
@Controller('audit/watch')
export class CheckpointWatchController {
  constructor(private readonly watch: CheckpointWatchService) {}

  @Get()
  @Roles('admin')
  @ApiOperationDoc({
    id: 'getCheckpointWatch',
    summary: 'The checkpoint this gateway holds, and its alert if the ledger rolled back or forked (admin)',
  })
  @ApiOkResponse({ type: CheckpointWatchView })
  state(): Promise<CheckpointWatchState> {
    return this.watch.state();
  }

  @Post('acknowledge')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperationDoc({
    id: 'acknowledgeCheckpointAlert',
    summary: 'Acknowledge the ledger alert: the gateway takes the offered checkpoint as its own (admin)',
  })
  @ApiOkResponse({ type: CheckpointWatchView })
  acknowledge(): Promise<CheckpointWatchState> {
    return this.watch.acknowledge();
  }
}
