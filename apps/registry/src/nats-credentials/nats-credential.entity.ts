import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { NatsCredentialRecord } from '@iren/contracts';

/** A NATS user issued to a node's own system; its credentials file was shown once and is not kept. */
@Entity({ schema: 'registry', name: 'nats_credentials' })
export class NatsCredentialEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ name: 'user_public_key', type: 'text' })
  userPublicKey: string;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  toRecord(): NatsCredentialRecord {
    return {
      id: this.id,
      nodeId: this.nodeId,
      user: this.userPublicKey,
      issuedAt: this.issuedAt.toISOString(),
      revokedAt: this.revokedAt?.toISOString() ?? null,
    };
  }
}
