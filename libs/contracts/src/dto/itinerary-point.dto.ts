import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, ValidateNested } from 'class-validator';
import type { ItineraryPoint } from '../envelope';
import { IsLocode } from '../validators/locode';
import { ITINERARY_ROLES, type ItineraryRole } from '../vocabulary';

/** One place of a consignment's route and what happens there. */
export class ItineraryPointDto implements ItineraryPoint {
  @ApiProperty({ description: 'UN/LOCODE', example: 'KZAAU' })
  @IsLocode()
  locode: string;

  @ApiProperty({ enum: [...ITINERARY_ROLES], example: 'DISCHARGE' })
  @IsIn(ITINERARY_ROLES)
  role: ItineraryRole;
}

/** A route of 1 to 50 points: the same rule for an alert's itinerary and a screened shipment's. */
export function ItineraryProperty(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: () => [ItineraryPointDto], minItems: 1, maxItems: 50 }),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(50),
    ValidateNested({ each: true }),
    Type(() => ItineraryPointDto),
  );
}
