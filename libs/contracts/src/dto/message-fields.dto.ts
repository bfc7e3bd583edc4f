import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { HANDLING_CODES, TLP_LEVELS, type HandlingCode, type Tlp } from '../vocabulary';
import { AddressingDto } from './addressing.dto';

/** The distribution fields every message carries, whoever creates it: TLP, handling, addressing, operation. */
export class MessageFieldsDto {
  @ApiProperty({ enum: [...TLP_LEVELS], example: 'AMBER' })
  @IsIn(TLP_LEVELS)
  tlp: Tlp;

  @ApiPropertyOptional({ enum: [...HANDLING_CODES], example: 'H2' })
  @IsOptional()
  @IsIn(HANDLING_CODES)
  handling?: HandlingCode;

  @ApiPropertyOptional({ type: () => AddressingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressingDto)
  to?: AddressingDto;

  @ApiPropertyOptional({ description: 'operation id: the message stays within its members', example: 'OP-SILK-2026' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, {
    message: 'operation: should be 1 to 64 letters, digits, _, . or -, starting with a letter or digit',
  })
  operation?: string;
}
