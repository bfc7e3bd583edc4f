import { createHash } from 'node:crypto';
import { ledgerLeafText } from '@iren/contracts';
import { leafHash } from '@iren/ledger';
import type { LedgerEntryDraft, LedgerEntryFields, LedgerHead, SealedLedgerEntry } from './ledger-entry';

/** The chain hash the first entry links to. */
export const GENESIS_CHAIN_HASH = '0'.repeat(64);

/**
 * The RFC 6962 leaf hash of an entry: SHA-256(0x00 || canonical JSON of its leaf fields), the
 * fields `LEDGER_LEAF_FIELDS` lists (libs/contracts), which the console and the CLI recompute too.
 */
export function entryLeafHash(entry: LedgerEntryFields): string {
  return leafHash(Buffer.from(ledgerLeafText({ ...entry }), 'utf8')).toString('hex');
}

/** SHA-256(previous chain hash || leaf hash), over the raw 32-byte values. */
export function chainHash(prevChainHash: string, leafHashHex: string): string {
  return createHash('sha256')
    .update(Buffer.from(prevChainHash, 'hex'))
    .update(Buffer.from(leafHashHex, 'hex'))
    .digest('hex');
}

/** Places a draft after `head` (or first, when the ledger is empty) and computes its hashes. */
export function sealEntry(draft: LedgerEntryDraft, head: LedgerHead | null, recordedAt: Date): SealedLedgerEntry {
  const fields: LedgerEntryFields = {
    ...draft,
    index: head ? head.index + 1 : 0,
    recordedAt: recordedAt.toISOString(),
  };
  const leaf = entryLeafHash(fields);
  const prevHash = head ? head.chainHash : GENESIS_CHAIN_HASH;
  return { ...fields, leafHash: leaf, prevHash, chainHash: chainHash(prevHash, leaf) };
}

/**
 * Seals the drafts of one append, in their order, after `head`: each chained on the one before it,
 * all recorded at the same time. A draft whose source is in `recorded` (already in the ledger) is
 * left out, and so is a source's second draft: every source is recorded once.
 */
export function sealBatch(
  drafts: readonly LedgerEntryDraft[],
  recorded: ReadonlySet<string>,
  head: LedgerHead | null,
  recordedAt: Date,
): SealedLedgerEntry[] {
  const sealed: SealedLedgerEntry[] = [];
  const sources = new Set(recorded);
  for (const draft of drafts) {
    if (sources.has(draft.sourceId)) continue;
    sources.add(draft.sourceId);
    sealed.push(sealEntry(draft, sealed.at(-1) ?? head, recordedAt));
  }
  return sealed;
}

/**
 * Checks entries read back from storage, starting at index 0: dense indexes, leaf hashes that match
 * the fields, and each link to the one before. Answers the index of the first bad entry, or null.
 */
export function firstBrokenEntry(entries: readonly SealedLedgerEntry[]): number | null {
  let prev = GENESIS_CHAIN_HASH;
  for (const [position, entry] of entries.entries()) {
    const intact =
      entry.index === position &&
      entry.prevHash === prev &&
      entry.leafHash === entryLeafHash(entry) &&
      entry.chainHash === chainHash(prev, entry.leafHash);
    if (!intact) return position;
    prev = entry.chainHash;
  }
  return null;
}
