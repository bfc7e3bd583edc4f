import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional } from 'class-validator';
import type { SubscriptionFilter } from '../registry-records';
import { IsCountryCode } from '../validators/country-code';
import { IsHsPrefix } from '../validators/hs-code';
import { IsLocode } from '../validators/locode';
import {
  ALERT_CATEGORIES,
  MESSAGE_KINDS,
  RISK_LEVELS,
  TRANSPORT_MODES,
  type AlertCategory,
  type MessageKind,
  type RiskLevel,
  type TransportMode,
} from '../vocabulary';

/** Bounds the cost of one filter for the router's index. */
const MAX_VALUES = 500;

/** One subscription filter (DESIGN section 5): a field left out is unconstrained. */
export class SubscriptionFilterDto implements SubscriptionFilter {
  @ApiPropertyOptional({ type: [String], maxItems: MAX_VALUES, example: ['KZAAU'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsLocode({ each: true })
  locodes?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_VALUES, example: ['KZ'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsCountryCode({ each: true })
  countries?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: MAX_VALUES, description: '2 to 6 digits', example: ['3004'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsHsPrefix({ each: true })
  hsPrefixes?: string[];

  @ApiPropertyOptional({ enum: [...ALERT_CATEGORIES], isArray: true, example: ['IPR', 'FALSIFIED_MEDICAL'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsIn(ALERT_CATEGORIES, { each: true })
  categories?: AlertCategory[];

  @ApiPropertyOptional({ enum: [...TRANSPORT_MODES], isArray: true, example: ['SEA', 'AIR'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsIn(TRANSPORT_MODES, { each: true })
  modes?: TransportMode[];

  @ApiPropertyOptional({ enum: [...RISK_LEVELS], example: 'MEDIUM' })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  minRiskLevel?: RiskLevel;

  @ApiPropertyOptional({ enum: [...MESSAGE_KINDS], isArray: true, example: ['ALERT'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_VALUES)
  @IsIn(MESSAGE_KINDS, { each: true })
  kinds?: MessageKind[];
}
