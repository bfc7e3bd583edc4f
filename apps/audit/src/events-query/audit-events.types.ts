/** One ledger entry as coordinators see it (`GET /audit/events`, DESIGN section 8). */
export interface AuditEventItem {
  index: number;
  leafHash: string;
  type: string;
  at: string;
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
