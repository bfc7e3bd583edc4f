import 'reflect-metadata'; // class-transformer's @Type and class-validator read decorator metadata
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import type { HitAlert, HitBody, HitIdentifier } from '../envelope';
import { countryCodeProblem } from '../validators/country-code';
import { nodeIdProblem } from '../validators/node-id';
import { IDENTIFIER_TYPES, type IdentifierType } from '../vocabulary';

/** The normalised form of each identifier type: upper-case, no spaces or dashes. */
const NORMALISED: Record<IdentifierType, { pattern: RegExp; like: string }> = {
  CONTAINER: { pattern: /^[A-Z]{4}\d{7}$/, like: 'CSQU3054383' },
  AWB: { pattern: /^\d{11}$/, like: '17612345675' },
  BILL_OF_LADING: { pattern: /^[A-Z0-9/]{1,35}$/, like: 'MEDUAK123456' },
  IMO: { pattern: /^IMO\d{7}$/, like: 'IMO9074729' },
};

type Problem = (value: unknown, object: Record<string, unknown>) => string | undefined;

/**
 * class-validator: runs `problemOf` with the whole object at hand, naming the property in its message.
 * A field whose rule depends on `visible` is left alone while `visible` is not a boolean: its rule is
 * then unknown, and `visible`'s own check names the problem.
 */
function Checked(name: string, problemOf: Problem, dependsOnVisibility = false): PropertyDecorator {
  const applies = (object: unknown) =>
    !dependsOnVisibility || typeof (object as { visible?: unknown } | undefined)?.visible === 'boolean';
  return ValidateBy({
    name,
    validator: {
      // Without a boolean `visible` the rule to apply is unknown; `visible`'s own check names that.
      validate: (value: unknown, args?: ValidationArguments) =>
        !applies(args?.object) || problemOf(value, args!.object as Record<string, unknown>) === undefined,
      defaultMessage: (args?: ValidationArguments) =>
        `${args?.property}: ${problemOf(args?.value, (args?.object ?? {}) as Record<string, unknown>)}`,
    },
  });
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const isRealInstant = (value: string) => !Number.isNaN(Date.parse(value));
const isRealDay = (value: string) =>
  isRealInstant(`${value}T00:00:00Z`) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
const redacted = (object: Record<string, unknown>) => object.visible !== true;

const UUID = /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const LEFT_OUT = 'must be left out of a redacted alert';

function alertIdProblem(value: unknown, alert: Record<string, unknown>): string | undefined {
  if (redacted(alert)) return value === undefined ? undefined : LEFT_OUT;
  return typeof value === 'string' && UUID.test(value) ? undefined : 'should be the UUID of the alert';
}

function alertOriginProblem(value: unknown, alert: Record<string, unknown>): string | undefined {
  if (!redacted(alert)) return nodeIdProblem(value);
  const problem = countryCodeProblem(value);
  return problem && `a redacted alert names only its origin's country: ${problem}`;
}

function alertCreatedAtProblem(value: unknown, alert: Record<string, unknown>): string | undefined {
  if (typeof value !== 'string') return 'should be a string';
  if (redacted(alert)) return ISO_DAY.test(value) && isRealDay(value) ? undefined : 'should be a day, YYYY-MM-DD';
  return ISO_DATE_TIME.test(value) && isRealInstant(value) ? undefined : 'should be an ISO 8601 date-time';
}

function alertTitleProblem(value: unknown, alert: Record<string, unknown>): string | undefined {
  if (value === undefined) return undefined;
  if (redacted(alert)) return LEFT_OUT;
  return typeof value === 'string' && value.length >= 1 && value.length <= 200
    ? undefined
    : 'should be 1 to 200 characters';
}

/** The identifier two alerts share, normalised. */
export class HitIdentifierDto implements HitIdentifier {
  @ApiProperty({ enum: [...IDENTIFIER_TYPES], example: 'CONTAINER' })
  @IsIn(IDENTIFIER_TYPES)
  type: IdentifierType;

  @ApiProperty({ description: 'normalised: upper-case, no spaces or dashes', example: 'CSQU3054383' })
  @Checked('isNormalisedIdentifier', (value, object) => {
    // Only a type of the list has a form: `constructor` or `toString` would find Object's own members.
    if (!(IDENTIFIER_TYPES as readonly unknown[]).includes(object.type)) return undefined; // the type's own check names the problem
    const form = NORMALISED[object.type as IdentifierType];
    return typeof value === 'string' && form.pattern.test(value)
      ? undefined
      : `should be a normalised ${String(object.type)} like ${form.like}`;
  })
  value: string;
}

/**
 * One correlated alert. Visible: `id`, `origin` (node id), `createdAt` (date-time) and optionally
 * `title`. Redacted (`visible: false`): `origin` is a country code, `createdAt` a UTC day
 * (YYYY-MM-DD), and `id` and `title` must be absent, so a HIT can never carry more than the rule allows.
 */
export class HitAlertDto implements HitAlert {
  @ApiProperty({ description: 'false when the receiving node may not see this alert: then it is redacted' })
  @IsBoolean()
  visible: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'only when visible' })
  @Checked('hitAlertId', alertIdProblem, true)
  id?: string;

  @ApiProperty({ description: 'node id when visible; only the country code when redacted', example: 'AZ-PCU-BAKU' })
  @Checked('hitAlertOrigin', alertOriginProblem, true)
  origin: string;

  @ApiProperty({ description: 'date-time when visible; the UTC day (YYYY-MM-DD) when redacted' })
  @Checked('hitAlertCreatedAt', alertCreatedAtProblem, true)
  createdAt: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'only when visible' })
  @Checked('hitAlertTitle', alertTitleProblem, true)
  title?: string;
}

/**
 * Body of a HIT (made by the router): the shared identifier, the two alerts, the window it used, and
 * for a digest the counts of alerts.
 */
export class HitBodyDto implements HitBody {
  @ApiProperty({ type: () => HitIdentifierDto })
  @ValidateNested()
  @Type(() => HitIdentifierDto)
  identifier: HitIdentifierDto;

  @ApiProperty({ type: () => [HitAlertDto], minItems: 2, maxItems: 2, description: 'the earlier alert first' })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => HitAlertDto)
  @Checked('hasVisibleAlert', (value) =>
    Array.isArray(value) && value.some((a) => (a as HitAlert | null)?.visible === true)
      ? undefined
      : "should include the receiving node's own alert, visible",
  )
  alerts: HitAlertDto[];

  @ApiProperty({ minimum: 1, maximum: 3650, example: 90 })
  @IsInt()
  @Min(1)
  @Max(3650)
  windowDays: number;

  @ApiPropertyOptional({
    minimum: 2,
    example: 7,
    description:
      'digest only: alerts the two nodes sent naming the identifier since the hit began, both together (absent from the first HIT)',
  })
  @IsOptional()
  @IsInt()
  @Min(2)
  alertCount?: number;

  @ApiPropertyOptional({
    minimum: 1,
    example: 3,
    description:
      'digest only, with alertCount: how many of those came since the previous HIT on this identifier and pair',
  })
  @Checked('digestCounts', digestCountsProblem)
  alertsSinceLastHit?: number;
}

/** A digest's two counts come together, and the alerts new since the last HIT follow at least the two that opened the hit. */
function digestCountsProblem(value: unknown, body: Record<string, unknown>): string | undefined {
  const total = body.alertCount;
  if (value === undefined) return total === undefined ? undefined : 'should come with alertCount';
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) return 'should be a whole number from 1';
  if (total === undefined) return 'should come only with alertCount';
  if (typeof total === 'number' && value > total - 2) return 'should be at most alertCount - 2';
  return undefined;
}
