import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';

/** `GET /dlq?after=&limit=`: a page of dead letters, oldest first, by their DLQ sequence. */
export class DeadLettersQueryDto {
  @ApiPropertyOptional({ description: 'cursor from the previous page (`next`): the last DLQ id read' })
  @IsOptional()
  @Matches(/^\d{1,16}$/, { message: 'after must be a cursor from this list' })
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @Type(() => Number) // query strings arrive as text
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}
