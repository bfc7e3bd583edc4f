import { Injectable } from '@nestjs/common';
import { RPC } from '@iren/contracts';
import type { Principal } from '../auth/principal';
import { RpcClient } from '../registry/registry-client';
import { auditEventsCsv } from './audit-csv';
import { entryForOfficer, type OfficerEntry } from './officer-view';
import type { AuditEventsExportDto } from './dto/audit-events-export.dto';

/** A page of ledger entries as the audit service answers it (an officer's marked where redacted). */
export interface AuditEventsPage {
  items: OfficerEntry[];
  next: string | null;
}

/** A CSV export and, when it stopped at the row limit, the cursor to continue from. */
export interface AuditCsvExport {
  csv: string;
  next: string | null;
}

/** Rows one CSV export holds at most; `next` continues beyond it. */
export const MAX_CSV_ROWS = 10_000;
const CSV_PAGE = 500;

/**
 * The ledger as callers may see it: coordinators and the admin network-wide, an officer only the
 * entries concerning their own node, whatever filter they pass, and nothing in them that the
 * messages they concern withheld from that node (`entryForOfficer`).
 */
@Injectable()
export class AuditService {
  constructor(private readonly rpc: RpcClient) {}

  async events(principal: Principal, query: AuditEventsExportDto, cid: string): Promise<AuditEventsPage> {
    const { format: _format, ...filters } = query;
    const page = await this.rpc.call<AuditEventsPage>(RPC.queryAuditEvents, { ...filters, ...scopeOf(principal) }, cid);
    const node = principal.role === 'officer' ? principal.nodeId : undefined;
    return node ? { ...page, items: page.items.map((entry) => entryForOfficer(entry, node)) } : page;
  }

  /** Every matching entry from `after` on, up to {@link MAX_CSV_ROWS}, as CSV. */
  async exportCsv(principal: Principal, query: AuditEventsExportDto, cid: string): Promise<AuditCsvExport> {
    const rows: OfficerEntry[] = [];
    let after = query.after;
    for (;;) {
      const page = await this.events(principal, { ...query, after, limit: CSV_PAGE }, cid);
      rows.push(...page.items);
      after = page.next ?? undefined;
      if (after === undefined || rows.length >= MAX_CSV_ROWS) return { csv: auditEventsCsv(rows), next: page.next };
    }
  }
}

function scopeOf(principal: Principal): { scopeNode?: string } {
  return principal.role === 'officer' ? { scopeNode: principal.nodeId } : {};
}
