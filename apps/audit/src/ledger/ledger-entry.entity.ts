import { Column, Entity, PrimaryColumn, type ValueTransformer } from 'typeorm';
import type { SealedLedgerEntry } from './ledger-entry';

// PostgreSQL bigint arrives as a string; ledger indexes stay far below 2^53.
const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** One row of `audit.ledger` (see the migration for the meaning of each column). */
@Entity({ schema: 'audit', name: 'ledger' })
export class LedgerEntryEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  index: number;

  @Column({ name: 'source_id', type: 'text' })
  sourceId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ type: 'text', nullable: true })
  node: string | null;

  @Column({ type: 'text', array: true })
  nodes: string[];

  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId: string | null;

  @Column({ type: 'text', nullable: true })
  kind: string | null;

  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;

  // `object` rather than Record<string, unknown>: TypeORM's insert typings cannot map `unknown`.
  @Column({ type: 'jsonb' })
  data: object;

  @Column({ name: 'leaf_hash', type: 'char', length: 64 })
  leafHash: string;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ name: 'chain_hash', type: 'char', length: 64 })
  chainHash: string;

  toSealedEntry(): SealedLedgerEntry {
    return {
      index: this.index,
      sourceId: this.sourceId,
      type: this.type,
      at: this.at.toISOString(),
      recordedAt: this.recordedAt.toISOString(),
      node: this.node,
      nodes: this.nodes,
      country: this.country,
      messageId: this.messageId,
      kind: this.kind,
      correlationId: this.correlationId,
      data: this.data as Record<string, unknown>,
      leafHash: this.leafHash,
      prevHash: this.prevHash,
      chainHash: this.chainHash,
    };
  }
}
