import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import type { NodeContact } from '../registry-records';
import { IsCountryCode } from '../validators/country-code';
import { IsLocode } from '../validators/locode';
import { IsNodeId } from '../validators/node-id';
import { NODE_TYPES, type NodeType } from '../vocabulary';
import { IdAgreesWithTypeAndCountry } from './node-id-agreement';

/** How to reach a node's duty officers. */
export class NodeContactDto implements NodeContact {
  @ApiPropertyOptional({ example: 'pcu.aktau@example.kz' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ description: 'E.164', example: '+77292000000' })
  @IsOptional()
  @Matches(/^\+[1-9]\d{1,14}$/, { message: 'phone: should be an E.164 number, like +77292000000' })
  phone?: string;
}

/** `POST /nodes`: a new member of the network. `locodes` and `contact` default to empty. */
export class RegisterNodeDto {
  @ApiProperty({ example: 'KZ-PCU-AKTAU' })
  @IsNodeId()
  @IdAgreesWithTypeAndCountry()
  id: string;

  @ApiProperty({ enum: [...NODE_TYPES], example: 'PCU' })
  @IsIn(NODE_TYPES)
  type: NodeType;

  @ApiProperty({ example: 'KZ' })
  @IsCountryCode()
  country: string;

  @ApiProperty({ example: 'Aktau seaport PCU', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiPropertyOptional({ type: [String], example: ['KZAAU'], default: [] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsLocode({ each: true })
  locodes: string[] = [];

  @ApiPropertyOptional({ type: () => NodeContactDto })
  @ValidateNested()
  @Type(() => NodeContactDto)
  contact: NodeContactDto = new NodeContactDto();
}
