import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { TokenRecord } from '@iren/contracts';

/** A node's bearer credential; only the SHA-256 of the token is kept. */
@Entity({ schema: 'registry', name: 'tokens' })
export class TokenEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  toRecord(): TokenRecord {
    return {
      id: this.id,
      nodeId: this.nodeId,
      createdAt: this.createdAt.toISOString(),
      revokedAt: this.revokedAt?.toISOString() ?? null,
    };
  }
}
