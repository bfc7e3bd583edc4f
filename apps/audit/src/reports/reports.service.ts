import { Injectable } from '@nestjs/common';
import type { ExchangeReportQueryDto, SeizureReportQueryDto } from '@iren/contracts';
import { InvalidInputError } from '@iren/platform';
import { buildExchangeReport, type ExchangeReport } from './exchange-report';
import { ReportsRepository } from './reports.repository';
import { buildSeizureReport, type SeizureReport } from './seizure-report';

/** The coordinators' reports, computed from the ledger's metadata alone. */
@Injectable()
export class ReportsService {
  constructor(private readonly reports: ReportsRepository) {}

  /**
   * Exchange statistics for entries in `[from, to)`. Sent and rejected messages count by the time
   * of their entry; read, acknowledgement and feedback figures follow the deliveries made in the
   * window to whenever those came, so a delivery late in the window is not shown as unread.
   */
  async exchange(query: ExchangeReportQueryDto): Promise<ExchangeReport> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && from >= to) {
      throw new InvalidInputError('invalid input', [{ field: 'to', messages: ['to: should be later than from'] }]);
    }
    const window = { from, to };
    const [sent, deliveries, rejected] = await Promise.all([
      this.reports.sentCounts(window),
      this.reports.deliveryFacts(window),
      this.reports.rejectedCounts(window),
    ]);
    return buildExchangeReport({
      from: from?.toISOString() ?? null,
      to: to?.toISOString() ?? null,
      sent,
      deliveries,
      rejected,
    });
  }

  /** Seizure totals from SEIZURE feedback, for the year, country and category asked (each optional). */
  async seizures(query: SeizureReportQueryDto): Promise<SeizureReport> {
    return buildSeizureReport(query, await this.reports.seizureLines(query));
  }
}
