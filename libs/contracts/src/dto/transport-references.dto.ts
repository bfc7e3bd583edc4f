import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches } from 'class-validator';
import type { TransportReferences } from '../envelope';
import { IsAirWaybill } from '../validators/air-waybill';
import { IsContainerNumber } from '../validators/container-number';
import { IsFlightNumber } from '../validators/flight-number';
import { IsImoNumber } from '../validators/imo-number';

/** Transport document and means references; all optional, `null` meaning "none" where allowed. */
export class TransportReferencesDto implements TransportReferences {
  @ApiPropertyOptional({ type: [String], description: 'ISO 6346 container numbers', example: ['CSQU3054383'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsContainerNumber({ each: true })
  containers?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'MEDUAK123456' })
  @IsOptional()
  @IsString()
  // UN/EDIFACT gives document numbers up to 35 characters; carriers use letters, digits and a few separators.
  @Matches(/^[A-Z0-9][A-Z0-9/-]{0,34}$/i, { message: 'billOfLading: should be 1 to 35 letters, digits, / or -' })
  billOfLading?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'IMO9074729' })
  @IsOptional()
  @IsImoNumber()
  vesselImo?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'IATA air waybill numbers', example: ['176-12345675'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsAirWaybill({ each: true })
  awbs?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, example: 'KC941' })
  @IsOptional()
  @IsFlightNumber()
  flight?: string | null;
}
