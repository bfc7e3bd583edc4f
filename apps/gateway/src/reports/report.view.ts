import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// The shapes of the audit service's reports (apps/audit/src/reports), for the OpenAPI document;
// the gateway passes the reports through as the audit service answers them.

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

/** Messages counted by kind and by category. */
export class MessageCountsView {
  @ApiProperty({ minimum: 0, example: 120 })
  total: number;

  @ApiProperty({ ...COUNTS, example: { ALERT: 110, FEEDBACK: 10 } })
  byKind: Record<string, number>;

  @ApiProperty({ ...COUNTS, example: { FALSIFIED_MEDICAL: 40, IPR: 70 } })
  byCategory: Record<string, number>;
}

/** Durations from delivery to a recipient's first look or acknowledgement. */
export class DurationSummaryView {
  @ApiProperty({ minimum: 0, example: 96 })
  count: number;

  @ApiProperty({ type: Number, nullable: true, description: 'seconds, to the millisecond', example: 312.5 })
  medianSeconds: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'seconds, to the millisecond', example: 3600.25 })
  p90Seconds: number | null;
}

/** Deliveries of alerts that asked for feedback, how many got it, how many went overdue. */
export class FeedbackFiguresView {
  @ApiProperty({ minimum: 0, example: 40 })
  requested: number;

  @ApiProperty({ minimum: 0, example: 31 })
  given: number;

  @ApiProperty({ type: Number, nullable: true, description: 'given / requested, to 4 decimals', example: 0.775 })
  rate: number | null;

  @ApiProperty({ minimum: 0, example: 4 })
  overdue: number;
}

/** Messages the exchange refused, by reason. */
export class RejectedFiguresView {
  @ApiProperty({ minimum: 0, example: 2 })
  total: number;

  @ApiProperty({ ...COUNTS, example: { original_unknown: 2 } })
  byReason: Record<string, number>;
}

/** The figures of one node, one country or the whole network. */
export class ExchangeFiguresView {
  @ApiProperty({ type: () => MessageCountsView })
  sent: MessageCountsView;

  @ApiProperty({ type: () => MessageCountsView })
  received: MessageCountsView;

  @ApiProperty({ type: () => DurationSummaryView, description: "from delivery to the recipient's first look" })
  timeToRead: DurationSummaryView;

  @ApiProperty({
    type: () => DurationSummaryView,
    description: "from delivery to the recipient's first acknowledgement",
  })
  timeToAcknowledge: DurationSummaryView;

  @ApiProperty({ type: () => FeedbackFiguresView })
  feedback: FeedbackFiguresView;

  @ApiProperty({ type: () => RejectedFiguresView })
  rejected: RejectedFiguresView;
}

export class NodeExchangeFiguresView extends ExchangeFiguresView {
  @ApiProperty({ example: 'KZ-PCU-AKTAU' })
  node: string;
}

export class CountryExchangeFiguresView extends ExchangeFiguresView {
  @ApiProperty({ example: 'KZ' })
  country: string;

  @ApiProperty({ type: () => [NodeExchangeFiguresView] })
  nodes: NodeExchangeFiguresView[];
}

/** `GET /reports/exchange`. */
export class ExchangeReportView {
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  from: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  to: string | null;

  @ApiProperty({ type: () => ExchangeFiguresView })
  network: ExchangeFiguresView;

  @ApiProperty({ type: () => [CountryExchangeFiguresView] })
  countries: CountryExchangeFiguresView[];
}

/** What was seized in one category. */
export class SeizureTotalView {
  @ApiProperty({ example: 'IPR' })
  category: string;

  @ApiProperty({ minimum: 0, example: 26402269 })
  pieces: number;

  @ApiProperty({ description: 'exact decimal, 3 places', example: '266.283' })
  kilograms: string;

  @ApiProperty({ minimum: 0, description: 'alerts behind the seizures', example: 41 })
  alerts: number;
}

export class CountrySeizuresView {
  @ApiProperty({ example: 'KZ' })
  country: string;

  @ApiProperty({ type: () => [SeizureTotalView] })
  totals: SeizureTotalView[];
}

export class YearSeizuresView {
  @ApiProperty({ example: 2022 })
  year: number;

  @ApiProperty({ type: () => [SeizureTotalView] })
  totals: SeizureTotalView[];
}

/** `GET /reports/seizures`, with breakdowns where the query left a dimension open. */
export class SeizureReportView {
  @ApiProperty({ type: Number, nullable: true, description: 'null when all years are counted', example: 2022 })
  year: number | null;

  @ApiPropertyOptional({ example: 'KZ' })
  country?: string;

  @ApiPropertyOptional({ example: 'IPR' })
  category?: string;

  @ApiProperty({ type: () => [SeizureTotalView] })
  totals: SeizureTotalView[];

  @ApiPropertyOptional({ type: () => [CountrySeizuresView], description: 'when no country was asked for' })
  countries?: CountrySeizuresView[];

  @ApiPropertyOptional({ type: () => [YearSeizuresView], description: 'when no year was asked for' })
  years?: YearSeizuresView[];
}
