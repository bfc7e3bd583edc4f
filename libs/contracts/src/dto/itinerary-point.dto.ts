import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
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
