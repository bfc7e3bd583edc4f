import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { IsHsCode } from '../validators/hs-code';
import { ALERT_CATEGORIES, TRANSPORT_MODES, type AlertCategory, type TransportMode } from '../vocabulary';
import { ItineraryPointDto, ItineraryProperty } from './itinerary-point.dto';
import { TransportReferencesDto } from './transport-references.dto';

/** One goods line of a shipment under screening: only the HS code is needed. */
export class ScreenedGoodsLineDto {
  @ApiProperty({ description: 'HS code, 2 to 10 digits', example: '300420' })
  @IsHsCode()
  hsCode: string;

  @ApiPropertyOptional({ maxLength: 500, example: 'Antibiotics, retail packs' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;
}

/** The shipper and consignee names as the declaration gives them. */
export class ShipmentPartiesDto {
  @ApiPropertyOptional({ maxLength: 300, example: 'Caspian Pharma Trading LLC' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  shipper?: string;

  @ApiPropertyOptional({ maxLength: 300, example: 'Aktau Medical Supplies' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  consignee?: string;
}

/**
 * `POST /screen`: a shipment an officer checks against the risk profiles their node has received.
 * Identifiers are checked as in an alert (ISO 6346, IATA, IMO, UN/LOCODE, HS).
 */
export class ScreenShipmentDto {
  @ItineraryProperty()
  itinerary: ItineraryPointDto[];

  @ApiPropertyOptional({ type: () => [ScreenedGoodsLineDto], maxItems: 200, default: [] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ScreenedGoodsLineDto)
  goods: ScreenedGoodsLineDto[] = [];

  @ApiPropertyOptional({ type: () => TransportReferencesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransportReferencesDto)
  transport?: TransportReferencesDto;

  @ApiPropertyOptional({ type: () => ShipmentPartiesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShipmentPartiesDto)
  parties?: ShipmentPartiesDto;

  @ApiPropertyOptional({ enum: [...TRANSPORT_MODES], example: 'SEA' })
  @IsOptional()
  @IsIn(TRANSPORT_MODES)
  mode?: TransportMode;

  @ApiPropertyOptional({ enum: [...ALERT_CATEGORIES], example: 'FALSIFIED_MEDICAL' })
  @IsOptional()
  @IsIn(ALERT_CATEGORIES)
  category?: AlertCategory;
}
