import type { AlertBody, AmendmentBody, Envelope, WithdrawalBody } from '@iren/contracts';
import type { DeliveryChange } from '../inbox/deliveries.repository';
import type { DeliveryEntity, DeliveryVersion } from '../inbox/delivery.entity';

/** The feedback deadline an alert sets for each recipient (`body.feedbackDueBy`), if any. */
export function feedbackDueOf(envelope: Envelope<unknown>): Date | undefined {
  if (envelope.kind !== 'ALERT') return undefined;
  const due = (envelope.body as Partial<AlertBody>).feedbackDueBy;
  return due === undefined ? undefined : new Date(due);
}

/** How a WITHDRAWAL changes a recipient's delivery of the original; undefined when it already did. */
export function withdrawalChange(
  delivery: Pick<DeliveryEntity, 'withdrawalId'>,
  withdrawal: Envelope<WithdrawalBody>,
): DeliveryChange | undefined {
  if (delivery.withdrawalId === withdrawal.id) return undefined;
  return {
    withdrawnAt: new Date(withdrawal.createdAt),
    withdrawalReason: withdrawal.body.reason,
    withdrawalId: withdrawal.id,
  };
}

type AmendableDelivery = Pick<
  DeliveryEntity,
  'envelope' | 'version' | 'amendment' | 'history' | 'feedbackOverdueAt' | 'feedbackDueAt'
>;

/**
 * How an AMENDMENT changes a recipient's delivery: a newer version becomes the current envelope
 * and the one it replaces joins the history; an older one arriving late (redeliveries may overtake
 * each other) only takes its place in the history. Undefined when the version is already there.
 * A changed due time restarts the deadline; a reminder already given is cleared when the new time
 * is still ahead.
 */
export function amendmentChange(
  delivery: AmendableDelivery,
  amendment: Envelope<AmendmentBody>,
  newBody: object,
  now: Date,
): DeliveryChange | undefined {
  const { version } = amendment.body;
  if (version === delivery.version || delivery.history.some((h) => h.version === version)) return undefined;
  const made: DeliveryVersion = {
    version,
    message: { ...delivery.envelope, body: newBody as AlertBody },
    amendment: { messageId: amendment.id, at: amendment.createdAt, reason: amendment.body.reason ?? null },
  };
  const byVersion = (a: DeliveryVersion, b: DeliveryVersion) => a.version - b.version;
  if (version < delivery.version) return { history: [...delivery.history, made].sort(byVersion) };
  const replaced: DeliveryVersion = {
    version: delivery.version,
    message: delivery.envelope,
    amendment: delivery.amendment,
  };
  const due = feedbackDueOf(made.message) ?? null;
  const dueMoved = (due?.getTime() ?? null) !== (delivery.feedbackDueAt?.getTime() ?? null);
  return {
    envelope: made.message,
    version,
    amendment: made.amendment,
    history: [...delivery.history, replaced].sort(byVersion),
    ...(dueMoved && { feedbackDueAt: due, ...(due !== null && due > now && { feedbackOverdueAt: null }) }),
  };
}
