import { Injectable } from '@nestjs/common';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import type { LedgerHead, SealedLedgerEntry } from './ledger-entry';
import { LedgerEntryEntity } from './ledger-entry.entity';

/**
 * Key of the transaction-scoped advisory lock that serialises appends ('irenaudt' in ASCII): every
 * appender, in this process or another audit instance, chains from the head the last one committed.
 */
const LEDGER_APPEND_LOCK = '7598247046083339380';

/** Rows per INSERT statement: 15 parameters a row keeps 1000 rows far below PostgreSQL's 65535. */
const ROWS_PER_INSERT = 1000;

const COLUMNS = [
  'index',
  'source_id',
  'type',
  'at',
  'recorded_at',
  'node',
  'nodes',
  'country',
  'message_id',
  'kind',
  'correlation_id',
  'data',
  'leaf_hash',
  'prev_hash',
  'chain_hash',
];

/** `INSERT ... VALUES ($1, ...), (...)` for `rows` rows, in `COLUMNS` order. */
function insertStatement(rows: number): string {
  const tuples = Array.from({ length: rows }, (_, row) => {
    const params = COLUMNS.map((column, i) => `$${row * COLUMNS.length + i + 1}${column === 'data' ? '::jsonb' : ''}`);
    return `(${params.join(', ')})`;
  });
  return `INSERT INTO "audit"."ledger" (${COLUMNS.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
}

/** An entry's values in `COLUMNS` order. */
function rowValues(e: SealedLedgerEntry): unknown[] {
  return [
    e.index,
    e.sourceId,
    e.type,
    e.at,
    e.recordedAt,
    e.node,
    e.nodes,
    e.country,
    e.messageId,
    e.kind,
    e.correlationId,
    // jsonb gives back the same value: what the leaf hash covers is what is read back.
    JSON.stringify(e.data),
    e.leafHash,
    e.prevHash,
    e.chainHash,
  ];
}

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
   * Appends the entries `seal` builds, in one transaction under the append lock: `seal` is given
   * which of `sourceIds` the ledger already holds and its current head, and answers the entries to
   * store, in order, chained from that head. Answers them once committed; none, writing nothing,
   * when every source is already recorded. The rows go in with one multi-row INSERT per
   * `ROWS_PER_INSERT`. A row that collides anyway (a writer that bypassed the lock) fails the whole
   * append rather than leave a hole in the chain; so does any database error, and it is thrown.
   */
  append(
    sourceIds: readonly string[],
    seal: (recorded: ReadonlySet<string>, head: LedgerHead | null) => SealedLedgerEntry[],
  ): Promise<SealedLedgerEntry[]> {
    return this.dataSource.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1::bigint)', [LEDGER_APPEND_LOCK]);
      // Read after the lock is granted: every append committed before it is seen.
      const found: { source_id: string }[] = await m.query(
        'SELECT "source_id" FROM "audit"."ledger" WHERE "source_id" = ANY($1::text[])',
        [[...new Set(sourceIds)]],
      );
      const recorded = new Set(found.map((r) => r.source_id));
      if (sourceIds.every((id) => recorded.has(id))) return [];
      const entries = seal(recorded, await this.head(m));
      for (let i = 0; i < entries.length; i += ROWS_PER_INSERT) {
        const rows = entries.slice(i, i + ROWS_PER_INSERT);
        await m.query(insertStatement(rows.length), rows.flatMap(rowValues));
      }
      return entries;
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

  /**
   * Leaf hashes of the entries at or after `fromIndex`, in index order, at most `limit`. A range of
   * the primary key, not an open one with a LIMIT: on a ledger not analysed yet (a new one, or one
   * that grew fast since), PostgreSQL planned the open one as a scan of the whole table per call.
   */
  async leavesFrom(fromIndex: number, limit: number): Promise<StoredLeaf[]> {
    const rows: { index: string; leaf_hash: string }[] = await this.dataSource.query(
      'SELECT "index", "leaf_hash" FROM "audit"."ledger" WHERE "index" >= $1 AND "index" < $2 ORDER BY "index"',
      [fromIndex, fromIndex + limit],
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

  /** The last entry's index and chain hash, read alone: not its whole row. */
  private async head(m: EntityManager): Promise<LedgerHead | null> {
    const [last]: { index: string; chain_hash: string }[] = await m.query(
      'SELECT "index", "chain_hash" FROM "audit"."ledger" ORDER BY "index" DESC LIMIT 1',
    );
    return last ? { index: Number(last.index), chainHash: last.chain_hash } : null;
  }
}
