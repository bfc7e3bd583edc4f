import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A node's signing key pair as the gateway holds it (private part included; see the migration). */
@Entity({ schema: 'gateway', name: 'node_signing_keys' })
export class SigningKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ name: 'node_id', type: 'text' })
  nodeId: string;

  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @Column({ name: 'private_key', type: 'text' })
  privateKey: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
