import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditEventsQueryDto, RPC } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { RpcClient } from '../registry/registry-client';

/** The exchange ledger, read network-wide by coordinators and the admin through the audit service. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('events')
  @Roles('coordinator', 'admin')
  events(@Query() query: AuditEventsQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.queryAuditEvents, query, cid);
  }
}
