/**
 * The closed vocabularies of the exchange (DESIGN section 3). Each is a readonly tuple so the
 * same list drives TypeScript types, class-validator `@IsIn` checks and the OpenAPI schema.
 */

export const MESSAGE_KINDS = ['ALERT', 'RISK_PROFILE', 'FEEDBACK', 'WITHDRAWAL', 'AMENDMENT', 'HIT'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Traffic Light Protocol 2.0 labels. */
export const TLP_LEVELS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLP_LEVELS)[number];

/** Handling codes carried to recipients with the message. */
export const HANDLING_CODES = ['H0', 'H1', 'H2', 'H3'] as const;
export type HandlingCode = (typeof HANDLING_CODES)[number];

export const NODE_TYPES = ['HQ', 'PCU', 'ACCU', 'COORD'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const NODE_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export const ALERT_CATEGORIES = [
  'IPR',
  'FALSIFIED_MEDICAL',
  'DRUGS',
  'PRECURSORS',
  'WEAPONS',
  'STRATEGIC_GOODS',
  'CIGARETTES',
  'ALCOHOL',
  'WILDLIFE',
  'CASH',
  'STOLEN_VEHICLES',
  'OTHER',
] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/** Ordered from least to most severe: `minRiskLevel` filters compare by index. */
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const TRANSPORT_MODES = ['SEA', 'AIR', 'ROAD', 'RAIL'] as const;
export type TransportMode = (typeof TRANSPORT_MODES)[number];

export const ITINERARY_ROLES = ['ORIGIN', 'LOADING', 'TRANSSHIPMENT', 'DISCHARGE', 'DESTINATION'] as const;
export type ItineraryRole = (typeof ITINERARY_ROLES)[number];

export const REQUESTED_ACTIONS = ['MONITOR', 'EXAMINE', 'HOLD', 'REPORT_BACK'] as const;
export type RequestedAction = (typeof REQUESTED_ACTIONS)[number];

/** Units of quantity for goods lines (UN/ECE Recommendation 20 common codes, the subset customs uses). */
export const GOODS_UNITS = ['PCS', 'KGM', 'LTR', 'PKG', 'CTN', 'PAL', 'TNE', 'MTQ', 'SET', 'PR'] as const;
export type GoodsUnit = (typeof GOODS_UNITS)[number];

/**
 * Kinds of transport identifier the network correlates alerts by (HIT messages): ISO 6346 container
 * numbers, IATA air waybills, bills of lading and IMO ship numbers.
 */
export const IDENTIFIER_TYPES = ['CONTAINER', 'AWB', 'BILL_OF_LADING', 'IMO'] as const;
export type IdentifierType = (typeof IDENTIFIER_TYPES)[number];

/** What a recipient found when it acted on a message (FEEDBACK, DESIGN section 3). */
export const FEEDBACK_OUTCOMES = ['NO_ACTION', 'EXAMINED_NOTHING_FOUND', 'SEIZURE'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/** States of one delivery, in the order they are reached. */
export const DELIVERY_STATES = ['DELIVERED', 'RECEIVED', 'ACTIONED'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** What an officer may acknowledge (`POST /inbox/{id}/ack`). */
export const ACK_STATUSES = ['RECEIVED', 'ACTIONED'] as const;
export type AckStatus = (typeof ACK_STATUSES)[number];

export function riskRank(level: RiskLevel): number {
  return RISK_LEVELS.indexOf(level);
}
