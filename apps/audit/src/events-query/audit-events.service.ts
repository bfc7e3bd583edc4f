import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '@iren/platform';
import type { SealedLedgerEntry } from '../ledger/ledger-entry';
import { LedgerRepository } from '../ledger/ledger.repository';
import type { AuditEventItem, AuditEventsPage, AuditEventsQuery } from './audit-events.types';
import { decodeCursor, encodeCursor } from './cursor';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

/** Reads the ledger for coordinators: filtered pages, oldest first, with an opaque cursor. */
@Injectable()
export class AuditEventsService {
  constructor(private readonly ledger: LedgerRepository) {}

  async query(query: AuditEventsQuery): Promise<AuditEventsPage> {
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const afterIndex = query.after === undefined ? undefined : decodeCursor(query.after);
    if (query.after !== undefined && afterIndex === undefined) {
      throw new InvalidInputError('invalid input', [
        { field: 'after', messages: ['after is not a cursor this service issued'] },
      ]);
    }
    // One row more than asked tells whether another page follows without a count.
    const rows = await this.ledger.page(
      {
        node: query.node,
        country: query.country,
        kind: query.kind,
        messageId: query.messageId,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
        afterIndex,
        scopeNode: query.scopeNode,
      },
      limit + 1,
    );
    const items = rows.slice(0, limit).map(toAuditEventItem);
    return { items, next: rows.length > limit ? encodeCursor(items[items.length - 1].index) : null };
  }
}

/**
 * The public view of an entry: every field its leaf hash covers, so that whoever reads it can check
 * that it is what the ledger committed to; the chain links stay inside the service (they prove the
 * order of the rows to the service's own tamper check, not to a reader holding a checkpoint).
 */
export function toAuditEventItem(entry: SealedLedgerEntry): AuditEventItem {
  return {
    index: entry.index,
    leafHash: entry.leafHash,
    sourceId: entry.sourceId,
    type: entry.type,
    at: entry.at,
    recordedAt: entry.recordedAt,
    node: entry.node,
    messageId: entry.messageId,
    correlationId: entry.correlationId,
    data: entry.data,
    country: entry.country,
    kind: entry.kind,
    nodes: entry.nodes,
  };
}
