import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALERT_CATEGORIES,
  type AlertCategory,
  REQUESTED_ACTIONS,
  type RequestedAction,
  RISK_LEVELS,
  type RiskLevel,
} from '@iren/contracts';
import type { ProfileHit, ScreeningReason } from './risk-profile-screen';
import type { ScreeningResult } from './screening.service';

// The answer's shape for the OpenAPI document; the answer is the service's plain object.

/** One criterion or indicator that holds. */
export class ScreeningReasonView implements ScreeningReason {
  @ApiProperty({ example: 'itinerary.locode' })
  field: string;

  @ApiProperty({ type: [String], description: "the profile's values that matched", example: ['KZAAU'] })
  profile: string[];

  @ApiProperty({ type: [String], description: "the shipment's values they matched", example: ['KZAAU'] })
  shipment: string[];
}

/** A risk profile in force that fits the shipment, and why. */
export class ProfileHitView implements ProfileHit {
  @ApiProperty({ format: 'uuid', description: 'the RISK_PROFILE message' })
  messageId: string;

  @ApiProperty({ example: 'AZ-PCU-BAKU' })
  origin: string;

  @ApiProperty({ example: 'RP-AZ-2026-014' })
  profileId: string;

  @ApiProperty({ minimum: 1, example: 2 })
  version: number;

  @ApiProperty({ example: 'Falsified antibiotics, Baku to Aktau, new consignees' })
  title: string;

  @ApiProperty({ enum: [...REQUESTED_ACTIONS], example: 'EXAMINE' })
  recommendedAction: RequestedAction;

  @ApiPropertyOptional({ enum: [...ALERT_CATEGORIES], example: 'FALSIFIED_MEDICAL' })
  category?: AlertCategory;

  @ApiPropertyOptional({ enum: [...RISK_LEVELS], example: 'HIGH' })
  riskLevel?: RiskLevel;

  @ApiProperty({ format: 'date-time' })
  validUntil: string;

  @ApiProperty({ type: () => [ScreeningReasonView] })
  reasons: ScreeningReason[];

  @ApiProperty({
    type: [String],
    description: 'criteria on facts the shipment did not state (its category or mode): neither held nor failed',
    example: ['mode'],
  })
  unchecked: string[];
}

/** `POST /screen`: the risk profiles in force at the node that fit the shipment. */
export class ScreeningResultView implements ScreeningResult {
  @ApiProperty({ format: 'date-time' })
  screenedAt: string;

  @ApiProperty({ minimum: 0, description: 'risk profiles in force the node holds', example: 12 })
  profilesInForce: number;

  @ApiProperty({ type: () => [ProfileHitView], description: 'most severe first' })
  matches: ProfileHit[];
}
