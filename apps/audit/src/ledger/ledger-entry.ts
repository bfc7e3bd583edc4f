/**
 * What a handler asks the ledger to record: one exchange event or published message, metadata only.
 * `sourceId` makes the append idempotent (`exchange:<envelope id>`, `event:<event id>`).
 */
export interface LedgerEntryDraft {
  sourceId: string;
  type: string;
  /** ISO 8601 time of the event (or the envelope's `createdAt`), normalised to milliseconds. */
  at: string;
  node: string | null;
  nodes: string[];
  country: string | null;
  messageId: string | null;
  kind: string | null;
  correlationId: string | null;
  data: Record<string, unknown>;
}

/** A draft given its place in the ledger: every field the leaf hash covers. */
export interface LedgerEntryFields extends LedgerEntryDraft {
  index: number;
  recordedAt: string;
}

/** A ledger row: its fields, its RFC 6962 leaf hash and its link in the hash chain (hex). */
export interface SealedLedgerEntry extends LedgerEntryFields {
  leafHash: string;
  prevHash: string;
  chainHash: string;
}

/** The last entry of the ledger, from which the next one chains. */
export interface LedgerHead {
  index: number;
  chainHash: string;
}
