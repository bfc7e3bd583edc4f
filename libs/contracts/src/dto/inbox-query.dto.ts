import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `GET /inbox?after=&limit=`: a page of the node's deliveries, oldest first. */
export class InboxQueryDto {
  @ApiPropertyOptional({ description: 'cursor from the previous page (`next`)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Type(() => Number) // query strings arrive as text
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;
}
