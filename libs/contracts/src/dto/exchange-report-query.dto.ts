import 'reflect-metadata'; // class-validator reads decorator metadata
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional } from 'class-validator';

/** `GET /reports/exchange`: the window of ledger time the statistics cover, both ends optional. */
export class ExchangeReportQueryDto {
  @ApiPropertyOptional({ format: 'date-time', example: '2026-01-01T00:00:00Z', description: 'from this time on' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from: should be an ISO 8601 time, like 2026-01-01T00:00:00Z' })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-01T00:00:00Z', description: 'before this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to: should be an ISO 8601 time, like 2027-01-01T00:00:00Z' })
  to?: string;
}
