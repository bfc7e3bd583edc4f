import type { AuditEventRow } from './audit-csv';

/** A ledger entry as an officer sees it, with `redacted` set when something was withheld from it. */
export type OfficerEntry = AuditEventRow & { redacted?: true };

/**
 * A ledger entry as an officer of `node` may see it: nothing that the message it concerns withheld
 * from that node. A HIT names the other alert only as far as the node was entitled to see it, so
 * its entry does too; a routing decision shows a recipient no other recipient (the origin sees
 * them all, as in `GET /messages/{id}`).
 *
 * A redacted entry no longer hashes to its `leafHash`, and it must not: a hash the officer could
 * recompute would need the withheld values, and a salt or a per-field commitment to hide them
 * would change the leaf of every entry already in the ledger. So a reader checks a redacted entry's
 * inclusion by its `leafHash` only, never its content (the console and `iren audit verify` say so);
 * proving what it records is for the coordinators, who read it whole. `sourceId` and `recordedAt`
 * are left as they are: a time of recording reveals nothing withheld, and a source id is its
 * event's id (random, or for a HIT derived from the same name as the HIT's own id, which the
 * entry's messageId and the officer's inbox show already) or its message's id.
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
