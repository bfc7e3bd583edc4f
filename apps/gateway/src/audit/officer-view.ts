import type { AuditEventRow } from './audit-csv';

/** A ledger entry as an officer sees it, with `redacted` set when something was withheld from it. */
export type OfficerEntry = AuditEventRow & { redacted?: true };

/**
 * A ledger entry as an officer of `node` may see it: nothing that the message it concerns withheld
 * from that node. A HIT names the other alert only as far as the node was entitled to see it, so
 * its entry does too; a routing decision shows a recipient no other recipient (the origin sees
 * them all, as in `GET /messages/{id}`). A redacted entry no longer hashes to its `leafHash`: its
 * inclusion is the coordinators' to prove.
 */
export function entryForOfficer(entry: AuditEventRow, node: string): OfficerEntry {
  if (entry.type === 'message.hit') return hitForOfficer(entry);
  if (entry.type === 'message.routed' && entry.node !== node) return routedForRecipient(entry, node);
  return entry;
}

function hitForOfficer(entry: AuditEventRow): OfficerEntry {
  const alerts = entry.data.alerts;
  const visible = entry.data.visible;
  if (!Array.isArray(alerts) || !Array.isArray(visible) || visible.every((v) => v === true)) return entry;
  const shown = alerts.map((id, i) => (visible[i] === true ? id : null));
  return { ...entry, data: { ...entry.data, alerts: shown }, redacted: true };
}

function routedForRecipient(entry: AuditEventRow, node: string): OfficerEntry {
  const recipients = Array.isArray(entry.data.recipients) ? (entry.data.recipients as { node?: unknown }[]) : [];
  return {
    ...entry,
    nodes: entry.nodes.filter((n) => n === node || n === entry.node),
    data: { ...entry.data, recipients: recipients.filter((r) => r.node === node) },
    redacted: true,
  };
}
