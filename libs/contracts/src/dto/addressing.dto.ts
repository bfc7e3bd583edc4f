import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, Length } from 'class-validator';
import type { Addressing } from '../envelope';
import { IsCountryCode } from '../validators/country-code';
import { IsNodeId } from '../validators/node-id';

/** Explicit addressees of a message; each list defaults to empty when left out. */
export class AddressingDto implements Addressing {
  @ApiPropertyOptional({ type: [String], example: ['AZ-PCU-BAKU'], default: [] })
  @IsArray()
  @ArrayMaxSize(500)
  @IsNodeId({ each: true })
  nodes: string[] = [];

  @ApiPropertyOptional({ type: [String], example: ['AZ'], default: [] })
  @IsArray()
  @ArrayMaxSize(250)
  @IsCountryCode({ each: true })
  countries: string[] = [];

  @ApiPropertyOptional({ type: [String], description: 'recipient group ids', example: [], default: [] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 64, { each: true })
  groups: string[] = [];
}
