import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import type { RiskCriteria, RiskIndicators, RiskProfileBody } from '../envelope';
import { identifierDecorator } from '../validators/identifier-decorator';
import {
  ALERT_CATEGORIES,
  REQUESTED_ACTIONS,
  RISK_LEVELS,
  type AlertCategory,
  type RequestedAction,
  type RiskLevel,
} from '../vocabulary';
import { SubscriptionFilterDto } from './subscription-filter.dto';

/**
 * Criteria: the filter vocabulary without `kinds` (a profile is about shipments, not messages).
 * At least one field must be constrained, or the profile would flag every shipment.
 */
export class RiskCriteriaDto extends OmitType(SubscriptionFilterDto, ['kinds'] as const) implements RiskCriteria {}

/**
 * What is wrong with a party-name pattern, or undefined: 1 to 100 printable characters with at
 * least two letters or digits (so `*` alone, which would flag every name, is refused).
 */
export function namePatternProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  if (value.length < 1 || value.length > 100) return 'should be 1 to 100 characters';
  if (/\p{Cc}/u.test(value)) return 'should not contain control characters';
  if ((value.match(/[\p{L}\p{N}]/gu) ?? []).length < 2) return 'should contain at least two letters or digits';
  return undefined;
}

/** class-validator: a name pattern (a case-insensitive substring, or a whole name with `*` wildcards). */
const IsNamePattern = identifierDecorator('isNamePattern', namePatternProblem);

const PATTERN_DOC =
  'case-insensitive: without `*` a substring of the name; with `*` the whole name, `*` standing for any characters. Not a regular expression.';

export class RiskIndicatorsDto implements RiskIndicators {
  @ApiPropertyOptional({ type: [String], maxItems: 50, description: PATTERN_DOC, example: ['pharma trading'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsNamePattern({ each: true })
  shipperPatterns?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 50, description: PATTERN_DOC, example: ['*medical* llc'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsNamePattern({ each: true })
  consigneePatterns?: string[];

  @ApiPropertyOptional({ type: [String], maxItems: 100, description: 'ISO 6346 owner codes', example: ['MSCU'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(/^[A-Z]{3}[UJZ]$/, {
    each: true,
    message: 'containerOwnerPrefixes: each should be three capital letters and U, J or Z, like MSCU',
  })
  containerOwnerPrefixes?: string[];
}

/** The body of a RISK_PROFILE (DESIGN section 3): targeting criteria, a recommended action, a validity window. */
export class RiskProfileBodyDto implements RiskProfileBody {
  @ApiProperty({ description: 'stable across versions: A-Z, 0-9, _ . -', example: 'KZ-RP-ANTIBIOTICS-01' })
  @Matches(/^[A-Z0-9_.-]{1,64}$/, { message: 'profileId: should be 1 to 64 of A-Z, 0-9, _, . and -' })
  profileId: string;

  @ApiProperty({ minLength: 1, maxLength: 200, example: 'Falsified antibiotics through Caspian ports' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ maxLength: 4000 })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  summary?: string;

  @ApiProperty({ description: 'language of title and summary: ISO 639 code', example: 'en' })
  @Matches(/^[a-z]{2,3}$/, { message: 'lang: should be an ISO 639 language code of 2 or 3 small letters, like en' })
  lang: string;

  @ApiPropertyOptional({ enum: [...ALERT_CATEGORIES], example: 'FALSIFIED_MEDICAL' })
  @IsOptional()
  @IsIn(ALERT_CATEGORIES)
  category?: AlertCategory;

  @ApiPropertyOptional({ enum: [...RISK_LEVELS], example: 'HIGH' })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel;

  @ApiProperty({ type: () => RiskCriteriaDto, description: 'at least one field constrained' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => RiskCriteriaDto)
  @ValidateBy({
    name: 'constrainsSomething',
    validator: {
      validate: (value: unknown) => constrainsSomething(value as RiskCriteria),
      defaultMessage: () => 'criteria: should constrain at least one field',
    },
  })
  criteria: RiskCriteriaDto;

  @ApiPropertyOptional({ type: () => RiskIndicatorsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RiskIndicatorsDto)
  indicators?: RiskIndicatorsDto;

  @ApiProperty({ enum: [...REQUESTED_ACTIONS], example: 'EXAMINE' })
  @IsIn(REQUESTED_ACTIONS)
  recommendedAction: RequestedAction;

  @ApiProperty({ format: 'date-time', example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  validFrom: string;

  @ApiProperty({ format: 'date-time', description: 'later than validFrom', example: '2027-06-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  @ValidateBy({
    name: 'isAfterValidFrom',
    validator: {
      validate: (value: unknown, args) => isAfter(value, (args?.object as { validFrom?: unknown }).validFrom),
      defaultMessage: () => 'validUntil: should be later than validFrom',
    },
  })
  validUntil: string;

  @ApiProperty({ minimum: 1, example: 1 })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}

function constrainsSomething(criteria: RiskCriteria | null | undefined): boolean {
  if (typeof criteria !== 'object' || criteria === null) return true; // @IsObject names that problem
  const { minRiskLevel, ...lists } = criteria;
  return minRiskLevel !== undefined || Object.values(lists).some((list) => Array.isArray(list) && list.length > 0);
}

/** True when both are dates and `until` is later; a malformed date is left to @IsISO8601 to name. */
function isAfter(until: unknown, from: unknown): boolean {
  const end = Date.parse(String(until));
  const start = Date.parse(String(from));
  return Number.isNaN(end) || Number.isNaN(start) || end > start;
}
