import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExchangeReportQueryDto, RPC, SeizureReportQueryDto } from '@iren/contracts';
import { SignedRpcController } from '@iren/messaging';
import type { ExchangeReport } from './exchange-report';
import { ReportsService } from './reports.service';
import type { SeizureReport } from './seizure-report';

/** The coordinators' reports, served to the gateway over NATS request/reply. */
@SignedRpcController()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @MessagePattern(RPC.exchangeReport)
  exchange(@Payload() query: ExchangeReportQueryDto): Promise<ExchangeReport> {
    return this.reports.exchange(query);
  }

  @MessagePattern(RPC.seizureReport)
  seizures(@Payload() query: SeizureReportQueryDto): Promise<SeizureReport> {
    return this.reports.seizures(query);
  }
}
