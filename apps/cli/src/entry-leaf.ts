import { LEDGER_LEAF_FIELDS, ledgerLeafText, missingLeafFields } from '@iren/contracts/ledger-leaf';
import { leafHash } from '@iren/ledger';

// The leaf hash of a ledger entry recomputed from the entry as the API answers it, offline, with the
// audit service's own list of fields and canonical JSON (libs/contracts' ledger-leaf, a module of
// its own: the whole of @iren/contracts would load its DTOs and reference data into every run).

/** The fields a leaf hash covers, as the audit service seals them. */
export const LEAF_FIELDS = LEDGER_LEAF_FIELDS;

/** An entry's recomputed leaf hash (hex), or why it cannot be computed. */
export type EntryLeaf = { hash: string } | { problem: string };

/**
 * SHA-256(0x00 || canonical JSON of the entry's leaf fields), hex. Other fields are ignored (they
 * prove nothing); a missing leaf field is named rather than hashed as absent.
 */
export function entryLeafHash(entry: unknown): EntryLeaf {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return { problem: 'it is not an object' };
  const record = entry as Record<string, unknown>;
  const missing = missingLeafFields(record);
  if (missing.length > 0) return { problem: `it lacks ${missing.join(', ')}, which its leaf hash covers` };
  try {
    const text = ledgerLeafText(record);
    return { hash: leafHash(Buffer.from(text, 'utf8')).toString('hex') };
  } catch (error) {
    return { problem: `it cannot be hashed: ${(error as Error).message}` };
  }
}
