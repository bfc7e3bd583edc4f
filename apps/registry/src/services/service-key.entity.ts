import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { ServiceKeyRecord, ServiceName } from '@iren/contracts';

/** A service's public signing key, as the service registered it; the private part stays with the service. */
@Entity({ schema: 'registry', name: 'service_keys' })
export class ServiceKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId: string;

  @Column({ type: 'text' })
  service: ServiceName;

  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;

  toRecord(): ServiceKeyRecord {
    return {
      keyId: this.keyId,
      algorithm: 'Ed25519',
      publicKey: this.publicKey,
      registeredAt: this.registeredAt.toISOString(),
    };
  }
}
