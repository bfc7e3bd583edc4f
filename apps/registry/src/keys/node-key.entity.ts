import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { KeyHolder, NodeKeyRecord } from '@iren/contracts';

/** A node's public signing key; the private part is held by the gateway or the node's own system, never here. */
@Entity({ schema: 'registry', name: 'node_keys' })
export class NodeKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @Column({ type: 'text' })
  holder: KeyHolder;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;

  toRecord(): NodeKeyRecord {
    return {
      keyId: this.keyId,
      algorithm: 'Ed25519',
      publicKey: this.publicKey,
      status: this.retiredAt ? 'RETIRED' : 'ACTIVE',
      holder: this.holder,
      createdAt: this.createdAt.toISOString(),
      retiredAt: this.retiredAt?.toISOString() ?? null,
    };
  }
}
