import { canonicalJson } from './canonical-json';

// No Node module here: the web console verifies ledger entries in the browser with this file, the
// CLI offline, and the audit service seals entries with it, so the three cannot disagree.

/**
 * The fields of a ledger entry its leaf hash covers. Listed, not taken from the entry as it is,
 * so that a column added later cannot change old entries' hashes.
 */
export const LEDGER_LEAF_FIELDS = [
  'index',
  'sourceId',
  'type',
  'at',
  'recordedAt',
  'node',
  'nodes',
  'country',
  'messageId',
  'kind',
  'correlationId',
  'data',
] as const;

/**
 * What an entry's leaf hash is taken over, SHA-256(0x00 || this text as UTF-8): the canonical JSON
 * (RFC 8785) of its leaf fields. Other members of `entry` are ignored: they prove nothing. Throws,
 * naming the path, on a value JSON cannot carry.
 */
export function ledgerLeafText(entry: Readonly<Record<string, unknown>>): string {
  return canonicalJson(Object.fromEntries(LEDGER_LEAF_FIELDS.map((field) => [field, entry[field]])));
}

/** The leaf fields `entry` lacks (undefined): a missing field is named, never hashed as absent. */
export function missingLeafFields(entry: Readonly<Record<string, unknown>>): string[] {
  return LEDGER_LEAF_FIELDS.filter((field) => entry[field] === undefined);
}
