import { riskRank, RISK_LEVELS } from '@iren/contracts';
import { ANCHOR_FIELDS, type Anchor, type AnchorField } from './filter-anchor';
import type { MatchableMessage } from './matchable-message';

type Buckets<E> = Map<string, Set<E>>;

/**
 * One inverted index per anchor field: key (a LOCODE, an HS prefix, a category...) → the entries
 * filed under it. Adding or deleting an entry costs O(its anchor's keys); looking up a message
 * costs O(the message's keys + the entries found).
 */
export class AnchorIndex<E> {
  private readonly byField = Object.fromEntries(ANCHOR_FIELDS.map((field) => [field, new Map()])) as Record<
    AnchorField,
    Buckets<E>
  >;
  /** How many HS prefixes of each length are filed, so a lookup tries only lengths in use. */
  private readonly hsPrefixLengths = new Map<number, number>();

  add(anchor: Anchor, entry: E): void {
    const buckets = this.byField[anchor.field];
    for (const key of anchor.keys) {
      let bucket = buckets.get(key);
      if (bucket === undefined) buckets.set(key, (bucket = new Set()));
      if (bucket.has(entry)) continue;
      bucket.add(entry);
      if (anchor.field === 'hsPrefixes') this.countPrefixLength(key.length, +1);
    }
  }

  delete(anchor: Anchor, entry: E): void {
    const buckets = this.byField[anchor.field];
    for (const key of anchor.keys) {
      const bucket = buckets.get(key);
      if (bucket === undefined || !bucket.delete(entry)) continue;
      // Dropping empty buckets keeps a long-running router from accumulating keys nobody uses.
      if (bucket.size === 0) buckets.delete(key);
      if (anchor.field === 'hsPrefixes') this.countPrefixLength(key.length, -1);
    }
  }

  /** Calls `visit` on every entry filed under one of the message's keys, possibly more than once. */
  forEachCandidate(message: MatchableMessage, visit: (entry: E) => void): void {
    this.visitKeys('locodes', message.locodes, visit);
    this.visitKeys('countries', message.countries, visit);
    for (const code of message.hsCodes) {
      for (const length of this.hsPrefixLengths.keys()) {
        if (length <= code.length) this.visitKey('hsPrefixes', code.slice(0, length), visit);
      }
    }
    this.visitKey('categories', message.category, visit);
    this.visitKey('modes', message.mode, visit);
    this.visitKey('kinds', message.kind, visit);
    if (message.riskLevel !== undefined) {
      // A filter asking for at least level L is filed under L: every level up to the message's qualifies.
      this.visitKeys('minRiskLevel', RISK_LEVELS.slice(0, riskRank(message.riskLevel) + 1), visit);
    }
  }

  private visitKeys(field: AnchorField, keys: readonly string[], visit: (entry: E) => void): void {
    for (const key of keys) this.visitKey(field, key, visit);
  }

  private visitKey(field: AnchorField, key: string | undefined, visit: (entry: E) => void): void {
    if (key === undefined) return;
    const bucket = this.byField[field].get(key);
    if (bucket !== undefined) for (const entry of bucket) visit(entry);
  }

  private countPrefixLength(length: number, delta: number): void {
    const count = (this.hsPrefixLengths.get(length) ?? 0) + delta;
    if (count === 0) this.hsPrefixLengths.delete(length);
    else this.hsPrefixLengths.set(length, count);
  }
}
