import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ExchangeReportQueryDto, RPC, SeizureReportQueryDto } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { RpcClient } from '../registry/registry-client';

/**
 * The coordinators' reports, computed by the audit service from the ledger's metadata: exchange
 * statistics and seizure totals, network-wide, for coordinators and the admin only.
 */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@Roles('coordinator', 'admin')
export class ReportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('exchange')
  exchange(@Query() query: ExchangeReportQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.exchangeReport, query, cid);
  }

  @Get('seizures')
  seizures(@Query() query: SeizureReportQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.seizureReport, query, cid);
  }
}
