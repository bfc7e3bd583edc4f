import { ALERT_CATEGORIES, RISK_LEVELS } from '@iren/contracts';

/**
 * What of a message's body the ledger keeps for the coordinators' reports: its category and risk
 * level, and whether (and by when) an alert asks its recipients for feedback. These classify a
 * message without telling what it says, like its kind and TLP; titles, transport references,
 * goods and everything else stay out. A value outside the vocabulary is left out, not recorded:
 * the audit records, it does not judge content.
 */
export interface PublishedClassification {
  category?: string;
  riskLevel?: string;
  /** ISO 8601, normalised to milliseconds. */
  feedbackDueBy?: string;
}

export function publishedClassification(kind: string, body: unknown): PublishedClassification {
  if (kind !== 'ALERT' && kind !== 'RISK_PROFILE') return {};
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const category = oneOf(ALERT_CATEGORIES, b.category);
  const riskLevel = oneOf(RISK_LEVELS, b.riskLevel);
  // Only alerts ask for feedback (the gateway's deadline scanner reads the same field).
  const feedbackDueBy = kind === 'ALERT' ? isoTime(b.feedbackDueBy) : undefined;
  return { ...(category && { category }), ...(riskLevel && { riskLevel }), ...(feedbackDueBy && { feedbackDueBy }) };
}

function oneOf(values: readonly string[], value: unknown): string | undefined {
  return typeof value === 'string' && values.includes(value) ? value : undefined;
}

function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
