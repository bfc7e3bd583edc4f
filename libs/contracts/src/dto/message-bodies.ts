import type { ClassConstructor, TypeHelpOptions } from 'class-transformer';
import type { MessageKind } from '../vocabulary';
import { AlertBodyDto } from './alert-body.dto';
import { AmendmentBodyDto } from './amendment-body.dto';
import { FeedbackBodyDto } from './feedback-body.dto';
import { HitBodyDto } from './hit-body.dto';
import { RiskProfileBodyDto } from './risk-profile-body.dto';
import { WithdrawalBodyDto } from './withdrawal-body.dto';

/**
 * The body DTO of each message kind the network validates and routes. A kind missing here is
 * refused wherever an envelope is validated (HTTP and NATS alike), saying it is not supported yet.
 */
const BODY_DTOS: ReadonlyMap<MessageKind, ClassConstructor<object>> = new Map<MessageKind, ClassConstructor<object>>([
  ['ALERT', AlertBodyDto],
  // Made by the gateway's dedicated endpoints (withdraw, amend, feedback): not in PUBLISHABLE_KINDS.
  ['WITHDRAWAL', WithdrawalBodyDto],
  ['AMENDMENT', AmendmentBodyDto],
  ['FEEDBACK', FeedbackBodyDto],
  // Made only by the router (correlation hits), never published by a node: not in PUBLISHABLE_KINDS.
  ['HIT', HitBodyDto],
  ['RISK_PROFILE', RiskProfileBodyDto],
]);

/** Kinds an officer publishes with `POST /messages`; the others are made by dedicated endpoints or by the network. */
export const PUBLISHABLE_KINDS: readonly MessageKind[] = ['ALERT', 'RISK_PROFILE'];

/** Kinds only the network itself makes: the router refuses them when a node publishes one. */
export const NETWORK_MADE_KINDS: readonly MessageKind[] = ['HIT'];

/** Kinds an envelope may have on the wire: those with a body DTO. */
export const SUPPORTED_KINDS: readonly MessageKind[] = [...BODY_DTOS.keys()];

export function bodyDtoFor(kind: unknown): ClassConstructor<object> | undefined {
  return BODY_DTOS.get(kind as MessageKind);
}

/**
 * For `@Type(bodyTypeOf)` on a `body` property: picks the body DTO from the sibling `kind`, so the
 * body is validated by the rules of its own kind. An unknown kind validates against the alert
 * body; the kind's own check then names the real problem.
 */
export function bodyTypeOf(options?: TypeHelpOptions): ClassConstructor<object> {
  return bodyDtoFor((options?.object as { kind?: unknown } | undefined)?.kind) ?? AlertBodyDto;
}
