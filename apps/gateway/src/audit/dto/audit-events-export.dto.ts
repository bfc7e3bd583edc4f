import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuditEventsQueryDto } from '@iren/contracts';

export const AUDIT_EXPORT_FORMATS = ['json', 'csv'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** `GET /audit/events`: the ledger query, answered as JSON pages (default) or exported as CSV. */
export class AuditEventsExportDto extends AuditEventsQueryDto {
  @ApiPropertyOptional({ enum: AUDIT_EXPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(AUDIT_EXPORT_FORMATS)
  format?: AuditExportFormat;
}
