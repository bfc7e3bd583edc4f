import { ApiProperty } from '@nestjs/swagger';
import type { HsEntry } from '@iren/contracts';
import {
  type HsName,
  LOCATION_FUNCTIONS,
  type LocationFunction,
  type MessageNames,
  type PlaceName,
} from './code-names';
import type { LocationMatch } from './reference-search';

// The shapes of the names the gateway adds to its answers, for the OpenAPI document.

/** A UN/LOCODE with its place and country names. */
export class PlaceNameView implements PlaceName {
  @ApiProperty({ example: 'KZAAU' })
  locode: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'null for a code the shipped list does not hold',
    example: 'Aktau',
  })
  place: string | null;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'KZ' })
  country: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kazakhstan' })
  countryName: string | null;
}

/** An HS code with its nomenclature description. */
export class HsNameView implements HsName {
  @ApiProperty({ example: '300420' })
  hsCode: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'HS 2022 description of the most precise chapter, heading or subheading covering the code',
    example:
      'Medicaments; containing antibiotics (other than penicillins, streptomycins or their derivatives), for therapeutic or prophylactic uses, packaged for retail sale',
  })
  hsDescription: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the code hsDescription describes', example: '300420' })
  describedCode: string | null;
}

/**
 * The names of a message's codes, beside the message and never in it (its signed bytes do not
 * change): `itinerary[i]` names `message.body.itinerary[i]`, `goods[i]` names `message.body.goods[i]`.
 */
export class MessageNamesView implements MessageNames {
  @ApiProperty({ type: () => [PlaceNameView] })
  itinerary: PlaceName[];

  @ApiProperty({ type: () => [HsNameView] })
  goods: HsName[];
}

/** A location found by `GET /reference/locations`. */
export class LocationView implements LocationMatch {
  @ApiProperty({ example: 'KZAAU' })
  locode: string;

  @ApiProperty({ example: 'Aktau' })
  name: string;

  @ApiProperty({ example: 'KZ' })
  country: string;

  @ApiProperty({ type: String, nullable: true, example: 'Kazakhstan' })
  countryName: string | null;

  @ApiProperty({ enum: [...LOCATION_FUNCTIONS], isArray: true, example: ['port', 'rail', 'airport'] })
  functions: LocationFunction[];
}

/** An HS chapter or heading found by `GET /reference/hs`. */
export class HsEntryView implements HsEntry {
  @ApiProperty({ example: '3004' })
  code: string;

  @ApiProperty({ enum: [2, 4], description: 'digits: 2 for a chapter, 4 for a heading', example: 4 })
  level: number;

  @ApiProperty({
    example: 'Medicaments; (not goods of heading no. 3002, 3005 or 3006) consisting of mixed or unmixed products ...',
  })
  description: string;
}
