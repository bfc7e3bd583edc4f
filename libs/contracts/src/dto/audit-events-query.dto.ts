import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { EVENT_TYPES, PUBLISHED_EVENT_TYPE, REFUSED_EVENT_TYPE } from '../events';
import { IsCountryCode } from '../validators/country-code';
import { IsNodeId } from '../validators/node-id';
import { MESSAGE_KINDS } from '../vocabulary';

/** What `kind` may name: a ledger event type or a message kind. */
export const AUDIT_EVENT_KINDS = [...EVENT_TYPES, PUBLISHED_EVENT_TYPE, REFUSED_EVENT_TYPE, ...MESSAGE_KINDS] as const;

/** `GET /audit/events`: ledger entries filtered by node, country, kind and time, a page at a time. */
export class AuditEventsQueryDto {
  @ApiPropertyOptional({ example: 'KZ-PCU-AKTAU' })
  @IsOptional()
  @IsNodeId()
  node?: string;

  @ApiPropertyOptional({ example: 'KZ' })
  @IsOptional()
  @IsCountryCode()
  country?: string;

  @ApiPropertyOptional({ enum: [...AUDIT_EVENT_KINDS], description: 'an event type or a message kind' })
  @IsOptional()
  @IsIn(AUDIT_EVENT_KINDS)
  kind?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'the entries of one message' })
  @IsOptional()
  @IsUUID()
  messageId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'entries at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'entries before this time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ description: 'cursor from the previous page (`next`)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 100 })
  @Type(() => Number) // query strings arrive as text
  @IsInt()
  @Min(1)
  @Max(500)
  limit: number = 100;
}
