import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ExchangeReportQueryDto, RPC, SeizureReportQueryDto } from '@iren/contracts';
import { CorrelationId, Roles } from '../auth/auth.decorators';
import { ApiOperationDoc } from '../http/api-answers';
import { RpcClient } from '../registry/registry-client';
import { ExchangeReportView, SeizureReportView } from './report.view';

/**
 * The coordinators' reports, computed by the audit service from the ledger's metadata: exchange
 * statistics and seizure totals, network-wide, for coordinators and the admin only.
 */
@ApiTags('reports')
@Controller('reports')
@Roles('coordinator', 'admin')
export class ReportsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('exchange')
  @ApiOperationDoc({
    id: 'getExchangeReport',
    summary: 'Exchange statistics by network, country and node: sent, received, time to read and acknowledge, feedback',
    errors: [400],
  })
  @ApiOkResponse({ type: ExchangeReportView })
  exchange(@Query() query: ExchangeReportQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.exchangeReport, query, cid);
  }

  @Get('seizures')
  @ApiOperationDoc({
    id: 'getSeizureReport',
    summary: 'Seizure totals (pieces, kilograms, alerts) by category, for a year and country or broken down by them',
    errors: [400],
  })
  @ApiOkResponse({ type: SeizureReportView })
  seizures(@Query() query: SeizureReportQueryDto, @CorrelationId() cid: string): Promise<unknown> {
    return this.rpc.call(RPC.seizureReport, query, cid);
  }
}
