import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import { SubscriptionFilterDto } from './subscription-filter.dto';

/** `PUT /nodes/{id}/subscription`: the node's whole list of filters, replacing the previous one. */
export class PutSubscriptionDto {
  @ApiProperty({ type: () => [SubscriptionFilterDto], maxItems: 100 })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => SubscriptionFilterDto)
  filters: SubscriptionFilterDto[];
}
