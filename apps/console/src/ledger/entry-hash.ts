import type { components } from '@iren/client';
import { LEDGER_LEAF_FIELDS, ledgerLeafText, missingLeafFields } from '@iren/contracts/ledger-leaf';
import { toHex } from './encoding';
import { leafHash } from './merkle';

/** The fields of a ledger entry its leaf hash covers: the list the audit service seals with. */
export const LEAF_FIELDS = LEDGER_LEAF_FIELDS;

/** A ledger entry as `GET /audit/events` answers it (the contract's view). */
export type LedgerEntry = components['schemas']['AuditEventView'];

/** What an entry's leaf hash was computed from: the hex hash, or why it cannot be computed. */
export type EntryLeaf = { hash: string } | { missing: string[] } | { unhashable: string };

/**
 * The leaf hash of an entry recomputed from its fields: SHA-256(0x00 || canonical JSON of the leaf
 * fields), hex. Only the leaf fields are read, so an extra field added in transit changes nothing
 * and proves nothing; a missing one is named rather than hashed as absent.
 */
export async function entryLeafHash(entry: Record<string, unknown>): Promise<EntryLeaf> {
  const missing = missingLeafFields(entry);
  if (missing.length > 0) return { missing };
  let text: string;
  try {
    text = ledgerLeafText(entry);
  } catch (error) {
    return { unhashable: (error as Error).message };
  }
  return { hash: toHex(await leafHash(new TextEncoder().encode(text))) };
}
