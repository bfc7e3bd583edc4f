/**
 * One ledger entry as coordinators see it (`GET /audit/events`, DESIGN section 8): every field its
 * leaf hash covers (`entryLeafHash`), so that a reader recomputes the hash from what they read.
 */
export interface AuditEventItem {
  index: number;
  leafHash: string;
  /** The idempotency key (`event:<event id>`, `exchange:<envelope id>`); hashed into the leaf. */
  sourceId: string;
  type: string;
  at: string;
  /** When the ledger recorded the entry; hashed into the leaf. */
  recordedAt: string;
  node: string | null;
  messageId: string | null;
  correlationId: string | null;
  data: Record<string, unknown>;
  country: string | null;
  kind: string | null;
  nodes: string[];
}

/** A page of ledger entries, oldest first; `next` is the cursor of the following page, or null at the end. */
export interface AuditEventsPage {
  items: AuditEventItem[];
  next: string | null;
}

/** The filters of an audit query, as the RPC carries them. */
export interface AuditEventsQuery {
  node?: string;
  country?: string;
  kind?: string;
  messageId?: string;
  from?: string;
  to?: string;
  after?: string;
  limit?: number;
  /** An officer's node: only entries whose `nodes` include it. */
  scopeNode?: string;
}
