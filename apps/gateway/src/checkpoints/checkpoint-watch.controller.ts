import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CheckpointWatchService, type CheckpointWatchState } from '@iren/messaging';
import { Roles } from '../auth/auth.decorators';

/** The gateway's view of the audit ledger: the checkpoint it holds, and the operator's acknowledgement of an alert. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit/watch')
export class CheckpointWatchController {
  constructor(private readonly watch: CheckpointWatchService) {}

  @Get()
  @Roles('admin')
  state(): Promise<CheckpointWatchState> {
    return this.watch.state();
  }

  @Post('acknowledge')
  @HttpCode(200)
  @Roles('admin')
  acknowledge(): Promise<CheckpointWatchState> {
    return this.watch.acknowledge();
  }
}
