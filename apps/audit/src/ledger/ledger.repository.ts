import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { LedgerHead, SealedLedgerEntry } from './ledger-entry';
import { LedgerEntryEntity } from './ledger-entry.entity';

/**
 * Key of the transaction-scoped advisory lock that serialises appends ('irenaudt' in ASCII): every
 * appender, in this process or another audit instance, chains from the head the last one committed.
 */
const LEDGER_APPEND_LOCK = '7598247046083339380';

/** Filters of a ledger page; all optional, combined with AND. */
export interface LedgerFilter {
  /** The acting node, or any node concerned. */
  node?: string;
  country?: string;
  /** The entry type, or the message kind. */
  kind?: string;
  messageId?: string;
  /** `at >= from` */
  from?: Date;
  /** `at < to` */
  to?: Date;
  /** Entries after this index. */
  afterIndex?: number;
  /** Only entries concerning this node (an officer's view): whatever the other filters say. */
  scopeNode?: string;
}

/** A leaf of the ledger's Merkle tree, as stored. */
export interface StoredLeaf {
  index: number;
  leafHash: string;
}

@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends the entry `seal` builds from the current head, in one transaction under the append
   * lock. Answers null, and writes nothing, when `sourceId` is already in the ledger.
   */
  append(sourceId: string, seal: (head: LedgerHead | null) => SealedLedgerEntry): Promise<SealedLedgerEntry | null> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1::bigint)', [LEDGER_APPEND_LOCK]);
      if (await m.existsBy(LedgerEntryEntity, { sourceId })) return null;
      const entry = seal(await this.head(m));
      // The unique source_id backs the check above should a writer ever bypass the lock.
      const inserted = await m
        .createQueryBuilder()
        .insert()
        .into(LedgerEntryEntity)
        .values({ ...entry, at: new Date(entry.at), recordedAt: new Date(entry.recordedAt) })
        .orIgnore()
        .returning('index')
        .execute();
      return inserted.raw.length > 0 ? entry : null;
    });
  }

  /** Entries matching `filter`, in ledger order, at most `limit`. */
  async page(filter: LedgerFilter, limit: number): Promise<SealedLedgerEntry[]> {
    const q = this.dataSource.manager.createQueryBuilder(LedgerEntryEntity, 'e').orderBy('e.index', 'ASC').limit(limit);
    if (filter.node !== undefined) {
      q.andWhere(new Brackets((b) => b.where('e.node = :node').orWhere('e.nodes @> ARRAY[:node]::text[]')), {
        node: filter.node,
      });
    }
    if (filter.kind !== undefined) {
      q.andWhere(new Brackets((b) => b.where('e.type = :kind').orWhere('e.kind = :kind')), { kind: filter.kind });
    }
    if (filter.country !== undefined) q.andWhere('e.country = :country', { country: filter.country });
    if (filter.messageId !== undefined) q.andWhere('e.messageId = :messageId', { messageId: filter.messageId });
    if (filter.from !== undefined) q.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to !== undefined) q.andWhere('e.at < :to', { to: filter.to });
    if (filter.afterIndex !== undefined) q.andWhere('e.index > :after', { after: filter.afterIndex });
    if (filter.scopeNode !== undefined) q.andWhere('e.nodes @> ARRAY[:scope]::text[]', { scope: filter.scopeNode });
    return (await q.getMany()).map((e) => e.toSealedEntry());
  }

  /** Leaf hashes of the entries at or after `fromIndex`, in index order, at most `limit`. */
  async leavesFrom(fromIndex: number, limit: number): Promise<StoredLeaf[]> {
    const rows: { index: string; leaf_hash: string }[] = await this.dataSource.query(
      'SELECT "index", "leaf_hash" FROM "audit"."ledger" WHERE "index" >= $1 ORDER BY "index" LIMIT $2',
      [fromIndex, limit],
    );
    return rows.map((r) => ({ index: Number(r.index), leafHash: r.leaf_hash }));
  }

  /** Whole stored rows after `afterIndex` (all when -1), in index order, at most `limit`: for the verify run. */
  async rowsAfter(afterIndex: number, limit: number): Promise<SealedLedgerEntry[]> {
    const rows = await this.dataSource.manager
      .createQueryBuilder(LedgerEntryEntity, 'e')
      .where('e.index > :after', { after: afterIndex })
      .orderBy('e.index', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((e) => e.toSealedEntry());
  }

  private async head(m: EntityManager): Promise<LedgerHead | null> {
    const last = await m.createQueryBuilder(LedgerEntryEntity, 'e').orderBy('e.index', 'DESC').limit(1).getOne();
    return last ? { index: last.index, chainHash: last.chainHash } : null;
  }
}
