import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { AlertBody } from '../envelope';
import {
  ALERT_CATEGORIES,
  REQUESTED_ACTIONS,
  RISK_LEVELS,
  TRANSPORT_MODES,
  type AlertCategory,
  type RequestedAction,
  type RiskLevel,
  type TransportMode,
} from '../vocabulary';
import { GoodsLineDto } from './goods-line.dto';
import { ItineraryPointDto, ItineraryProperty } from './itinerary-point.dto';
import { TransportReferencesDto } from './transport-references.dto';

/** The body of an ALERT (DESIGN section 3). `transport`, `goods` and `indicators` default to empty. */
export class AlertBodyDto implements AlertBody {
  @ApiProperty({ enum: [...ALERT_CATEGORIES], example: 'FALSIFIED_MEDICAL' })
  @IsIn(ALERT_CATEGORIES)
  category: AlertCategory;

  @ApiProperty({ enum: [...RISK_LEVELS], example: 'HIGH' })
  @IsIn(RISK_LEVELS)
  riskLevel: RiskLevel;

  @ApiProperty({ enum: [...TRANSPORT_MODES], example: 'SEA' })
  @IsIn(TRANSPORT_MODES)
  mode: TransportMode;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Suspected falsified antibiotics via Aktau' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ maxLength: 4000, example: 'Consignee registered last month; route deviates from the usual.' })
  @IsString()
  @MaxLength(4000)
  summary: string;

  @ApiProperty({ description: 'language of title and summary: ISO 639 code of 2 or 3 letters', example: 'en' })
  @Matches(/^[a-z]{2,3}$/, { message: 'lang: should be an ISO 639 language code of 2 or 3 small letters, like en' })
  lang: string;

  @ApiPropertyOptional({ type: () => TransportReferencesDto, description: 'defaults to no references' })
  @IsDefined()
  @ValidateNested()
  @Type(() => TransportReferencesDto)
  transport: TransportReferencesDto = new TransportReferencesDto();

  @ItineraryProperty()
  itinerary: ItineraryPointDto[];

  @ApiPropertyOptional({ type: () => [GoodsLineDto], maxItems: 200, default: [] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => GoodsLineDto)
  goods: GoodsLineDto[] = [];

  @ApiPropertyOptional({ type: [String], maxItems: 50, default: [], example: ['ROUTE_DEVIATION', 'NEW_CONSIGNEE'] })
  @IsArray()
  @ArrayMaxSize(50)
  @Matches(/^[A-Z0-9_]{1,64}$/, { each: true, message: 'indicators: each should be 1 to 64 of A-Z, 0-9 and _' })
  indicators: string[] = [];

  @ApiProperty({ enum: [...REQUESTED_ACTIONS], example: 'EXAMINE' })
  @IsIn(REQUESTED_ACTIONS)
  requestedAction: RequestedAction;

  @ApiPropertyOptional({ format: 'date-time', example: '2026-12-10T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  feedbackDueBy?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-31T00:00:00Z' })
  @IsOptional()
  @IsISO8601({ strict: true })
  validUntil?: string;
}
